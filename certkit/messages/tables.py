"""Messages of certkit.tables: reading and writing spreadsheets."""

MESSAGES: dict[str, dict[str, str]] = {
    "tables.columns_missing": {
        "fr": "{path} : colonnes manquantes : {missing} (colonnes trouvées : {found}). La "
        "première ligne doit nommer les colonnes ; vérifiez aussi le séparateur (--delimiter).",
        "en": "{path}: missing columns: {missing} (columns found: {found}). The first line must "
        "name the columns; check the separator too (--delimiter).",
    },
    "tables.wrong_delimiter": {
        "fr": "{path} : séparateur demandé : {given}, mais le fichier est séparé par des {found} "
        ": relancez avec {option} (ou sans --delimiter).",
        "en": "{path}: separator asked for: {given}, but the file is separated by {found}: run "
        "again with {option} (or without --delimiter).",
    },
    "tables.delimiter.comma": {"fr": "virgules", "en": "commas"},
    "tables.delimiter.semicolon": {"fr": "points-virgules", "en": "semicolons"},
    "tables.delimiter.tab": {"fr": "tabulations", "en": "tabs"},
    "tables.delimiter.other": {"fr": "un autre caractère", "en": "another character"},
    "tables.bad_encoding": {
        "fr": "{path} : impossible de lire le fichier en {encoding} ({reason}) : essayez "
        "--encoding utf-8 ou --encoding windows-1252 (le « CSV » d'Excel en France).",
        "en": "{path}: cannot read the file as {encoding} ({reason}): try --encoding utf-8 or "
        "--encoding windows-1252 (what French Excel saves as CSV).",
    },
    "tables.read_as_windows_1252": {
        "fr": "{path} n'est pas en UTF-8 : lu en Windows-1252 (le « CSV » d'Excel en France) ; "
        "vérifiez les accents des résultats, ou donnez --encoding.",
        "en": "{path} is not UTF-8: read as Windows-1252 (what French Excel saves as CSV); check "
        "the accents in the results, or give --encoding.",
    },
    "tables.unknown_encoding": {
        "fr": "{path} : ni UTF-8 ni Windows-1252 : enregistrez-le depuis Excel en « CSV UTF-8 » "
        "ou en .xlsx.",
        "en": "{path}: neither UTF-8 nor Windows-1252: save it from Excel as “CSV UTF-8” or .xlsx.",
    },
    "tables.csv_syntax": {
        "fr": "{path} : CSV illisible ({reason}) ; vérifiez les guillemets.",
        "en": "{path}: unreadable CSV ({reason}); check the quotes.",
    },
    "tables.empty": {
        "fr": "{path} : le tableau est vide (aucune ligne d'en-tête).",
        "en": "{path}: the table is empty (no header line).",
    },
    "tables.bad_xlsx": {
        "fr": "{path} : classeur .xlsx illisible ; ré-enregistrez-le depuis Excel ou en CSV.",
        "en": "{path}: unreadable .xlsx workbook; save it again from Excel, or as CSV.",
    },
}
