"""Messages of certkit registration and dn-match."""

MESSAGES: dict[str, dict[str, str]] = {
    # registration: typing warnings
    "registration.value_spaces": {
        "fr": "{dn} : la valeur de {attribute} « {value} » a des espaces au début, à la fin ou "
        "doublés ; copiez-la telle quelle, sans les retirer.",
        "en": "{dn}: the {attribute} value “{value}” has spaces at the start, at the end or "
        "doubled; copy it as is, without removing them.",
    },
    "registration.control_characters": {
        "fr": "{dn} : la valeur de {attribute} contient des caractères de contrôle ({value}) "
        "qui ne peuvent pas être tapés ; signalez-le à l'autorité de certification.",
        "en": "{dn}: the {attribute} value contains control characters ({value}) that cannot "
        "be typed; report it to the certificate authority.",
    },
    "registration.non_ascii": {
        "fr": "{dn} : la valeur de {attribute} contient des caractères non ASCII ({characters}) "
        ": copiez-collez-la plutôt que de la retaper.",
        "en": "{dn}: the {attribute} value contains non-ASCII characters ({characters}): "
        "copy and paste it rather than retyping it.",
    },
    "registration.escapes": {
        "fr": "{dn} : la chaîne contient des échappements ({escapes}) ; gardez les barres "
        "obliques inverses, elles font partie du DN.",
        "en": "{dn}: the string contains escapes ({escapes}); keep the backslashes, they are "
        "part of the DN.",
    },
    "registration.file_has_private_key": {
        "fr": "{path} contient aussi la clé privée : ne téléversez jamais ce fichier ; "
        "« certkit export {file}{options} -o a-televerser{suffix} » écrit le certificat seul.",
        "en": "{path} also holds the private key: never upload this file; "
        "“certkit export {file}{options} -o to-upload{suffix}” writes the certificate alone.",
    },
    "registration.chain_only": {
        "fr": "{path} ne contient que la chaîne (certificats d'autorité, {count} au total), pas "
        "votre certificat : donnez le fichier du certificat délivré à votre société "
        "(certkit export --index N extrait un certificat précis si c'est voulu).",
        "en": "{path} holds only the chain (CA certificates, {count} in all), not your "
        "certificate: give the file of the certificate issued to your company "
        "(certkit export --index N extracts a given certificate if that is what you want).",
    },
    "registration.import_recommended": {
        "fr": "Conseil : plutôt que de recopier ces DN, utilisez « Importer certificat » dans le "
        "compte et téléversez le certificat sans clé (PEM) : le registre lit les DN lui-même et "
        "vérifie le SIREN. Après un renouvellement, importez le nouveau certificat (second "
        "emplacement) au lieu de modifier les champs à la main.",
        "en": "Advice: rather than typing these DNs, use “Importer certificat” in the account and "
        "upload the certificate without its key (PEM): the registry reads the DNs itself and "
        "checks the SIREN. After a renewal, import the new certificate (second slot) instead of "
        "editing the fields by hand.",
    },
    "registration.no_certificate": {
        "fr": "{path} : aucun certificat dans ce fichier.",
        "en": "{path}: no certificate in this file.",
    },
    "registration.no_single_leaf": {
        "fr": "{path} contient {count} "
        "{count:plural:one=certificat|many=de certificats|"
        "other=certificats}"
        " sans chaîne commune : donnez un fichier qui ne "
        "contient que le certificat client (certkit export peut l'extraire).",
        "en": "{path} holds {count} "
        "{count:plural:one=unrelated certificate|other=unrelated "
        "certificates}"
        ": give a file holding only the client "
        "certificate (certkit export can extract it).",
    },
    "registration.label_subject": {"fr": "DN Certificat client", "en": "DN Certificat client"},
    "registration.label_issuer": {"fr": "DN Emetteur Certificat", "en": "DN Emetteur Certificat"},
    "registration.label_siren": {"fr": "SIREN", "en": "SIREN"},
    "registration.label_siret": {"fr": "SIRET", "en": "SIRET"},
    "registration.siren_none": {
        "fr": "(aucun SIREN valide trouvé dans le certificat)",
        "en": "(no valid SIREN found in the certificate)",
    },
    # dn-match explanations
    "dn_match.exact": {
        "fr": "identique à la chaîne du certificat.",
        "en": "same string as the certificate's.",
    },
    "dn_match.equivalent": {
        "fr": "même nom, écrit autrement ({differences}).",
        "en": "same name, written differently ({differences}).",
    },
    "dn_match.reordered": {
        "fr": "mêmes éléments dans l'ordre inverse (commence par {first} au lieu de "
        "{expected_first}) : copié depuis un outil qui affiche C en premier ?",
        "en": "same elements in the reverse order (starts with {first} instead of "
        "{expected_first}): copied from a tool that prints C first?",
    },
    "dn_match.value_differs": {
        "fr": "{attribute} diffère : le certificat a « {expected} », la saisie « {submitted} ».",
        "en": "{attribute} differs: the certificate has “{expected}”, the submission "
        "“{submitted}”.",
    },
    "dn_match.value_differs_spaces_at_ends": {
        "fr": "{attribute} diffère par des espaces au début ou à la fin : le certificat a "
        "« {expected} », la saisie « {submitted} ».",
        "en": "{attribute} differs by spaces at the start or end: the certificate has "
        "“{expected}”, the submission “{submitted}”.",
    },
    "dn_match.value_differs_spaces": {
        "fr": "{attribute} diffère par des espaces : le certificat a « {expected} », la saisie "
        "« {submitted} ».",
        "en": "{attribute} differs by spaces: the certificate has “{expected}”, the submission "
        "“{submitted}”.",
    },
    "dn_match.value_differs_control": {
        "fr": "{attribute} diffère par un caractère de contrôle (octet nul ?) : le certificat a "
        "« {expected} », la saisie « {submitted} ».",
        "en": "{attribute} differs by a control character (NUL byte?): the certificate has "
        "“{expected}”, the submission “{submitted}”.",
    },
    "dn_match.value_differs_lookalike": {
        "fr": "{attribute} diffère par des caractères qui se ressemblent (autre alphabet, pleine "
        "chasse, espace invisible) : le certificat a « {expected} », la saisie « {submitted} ».",
        "en": "{attribute} differs by look-alike characters (another script, full-width, "
        "invisible space): the certificate has “{expected}”, the submission “{submitted}”.",
    },
    "dn_match.value_differs_comma": {
        "fr": "{attribute} diffère par une virgule : le certificat a « {expected} », la saisie "
        "« {submitted} » (une virgule dans une valeur s'écrit \\,).",
        "en": "{attribute} differs by a comma: the certificate has “{expected}”, the submission "
        "“{submitted}” (a comma inside a value is written \\,).",
    },
    "dn_match.difference.spaces_around": {
        "fr": "espaces autour",
        "en": "surrounding spaces",
    },
    "dn_match.difference.openssl_form": {
        "fr": "forme OpenSSL /C=…",
        "en": "OpenSSL /-form",
    },
    "dn_match.difference.lines": {
        "fr": "un attribut par ligne (fenêtre de certificat de Windows)",
        "en": "one attribute per line (Windows certificate dialog)",
    },
    "dn_match.difference.spaces_equals": {
        "fr": "espaces autour des =",
        "en": "spaces around =",
    },
    "dn_match.difference.case": {"fr": "majuscules/minuscules", "en": "letter case"},
    "dn_match.difference.unicode": {"fr": "composition Unicode", "en": "Unicode composition"},
    "dn_match.difference.writing": {
        "fr": "espaces, échappements, guillemets ou noms d'attributs",
        "en": "spacing, escaping, quoting or attribute names",
    },
    "dn_match.comma_unescaped": {
        "fr": "La virgule de « {value} » ({attribute}) a perdu sa barre oblique inverse : dans "
        "ce DN elle sépare deux attributs. Écrivez {escaped}, ou collez le DN tel que certkit "
        "registration l'affiche.",
        "en": "The comma in “{value}” ({attribute}) lost its backslash: in this DN it splits "
        "the value in two. Write {escaped}, or paste the DN as certkit registration prints it.",
    },
    "dn_match.attribute_differs": {
        "fr": "le certificat a {expected}, la saisie a {submitted} à la place.",
        "en": "the certificate has {expected}, the submission has {submitted} instead.",
    },
    "dn_match.missing_attribute": {
        "fr": "il manque {attribute}={value} dans la saisie.",
        "en": "{attribute}={value} is missing from the submission.",
    },
    "dn_match.extra_attribute": {
        "fr": "la saisie a {attribute}={value} en trop.",
        "en": "the submission has an extra {attribute}={value}.",
    },
    "dn_match.order_differs": {
        "fr": "mêmes éléments, mais dans un autre ordre que le certificat.",
        "en": "same elements, but in another order than the certificate's.",
    },
    "dn_match.siren_match": {
        "fr": "le certificat porte le SIREN {siren}.",
        "en": "the certificate carries SIREN {siren}.",
    },
    "dn_match.siren_mismatch": {
        "fr": "le certificat porte le SIREN {siren} ({source}), pas {submitted}.",
        "en": "the certificate carries SIREN {siren} ({source}), not {submitted}.",
    },
    "dn_match.siren_not_a_siren": {
        "fr": "« {submitted} » n'est pas un SIREN valide ; le certificat porte {siren} ({source}).",
        "en": "“{submitted}” is not a valid SIREN; the certificate carries {siren} ({source}).",
    },
    "dn_match.siren_missing": {
        "fr": "le certificat ne porte aucun SIREN valide (saisi : {submitted}).",
        "en": "the certificate carries no valid SIREN (submitted: {submitted}).",
    },
    # dn-match CLI
    "dn_match.need_subject_issuer": {
        "fr": "donnez le certificat et ce qui a été saisi (--subject, --issuer et/ou --siren), "
        "ou --batch FICHIER (.csv ou .xlsx).",
        "en": "give the certificate and what was typed (--subject, --issuer and/or --siren), or "
        "--batch FILE (.csv or .xlsx).",
    },
    "dn_match.bad_delimiter": {
        "fr": "--delimiter {value} : donnez un seul caractère (, ou ;) ou le mot tab.",
        "en": "--delimiter {value}: give one character (, or ;) or the word tab.",
    },
    "dn_match.xlsx_to_terminal": {
        "fr": "un classeur .xlsx ne s'affiche pas dans un terminal : donnez -o resultats.xlsx.",
        "en": "an .xlsx workbook cannot be shown in a terminal: give -o results.xlsx.",
    },
    "dn_match.batch_and_file": {
        "fr": "--batch ne se combine pas avec FICHIER, --subject, --issuer ou --siren.",
        "en": "--batch cannot be combined with FILE, --subject, --issuer or --siren.",
    },
    "dn_match.csv_unreadable": {
        "fr": "{path} : fichier CSV illisible ({reason}).",
        "en": "{path}: cannot read the CSV file ({reason}).",
    },
    "dn_match.csv_columns": {
        "fr": "{path} : colonnes manquantes {missing} ; la première ligne doit être "
        "path,subject,issuer,siren.",
        "en": "{path}: missing columns {missing}; the first line must be "
        "path,subject,issuer,siren.",
    },
    "dn_match.row_incomplete": {
        "fr": "ligne {line} : colonne {column} vide.",
        "en": "line {line}: column {column} is empty.",
    },
    "dn_match.summary": {
        "fr": "{rows} {rows:plural:one=ligne|many=de lignes|other=lignes} : {ok} "
        "{ok:plural:one=conforme|many=conformes|other=conformes}, {attention} à revoir, "
        "{errors} en erreur.",
        "en": "{rows} {rows:plural:one=row|other=rows}: {ok} matching, {attention} to review, "
        "{errors} in error.",
    },
    # the text of `certkit dn-match` (JSON and CSV keep the status codes)
    "dn_match.line_status": {"fr": "{mark} {label} : {status}", "en": "{mark} {label}: {status}"},
    "dn_match.line_field": {"fr": "    {label} :  {value}", "en": "    {label}:  {value}"},
    "dn_match.line_siren": {
        "fr": "{mark} {label} : {status} — {explanation}",
        "en": "{mark} {label}: {status} — {explanation}",
    },
    "dn_match.status.exact": {"fr": "identique", "en": "exact"},
    "dn_match.status.equivalent": {"fr": "équivalent", "en": "equivalent"},
    "dn_match.status.reordered": {"fr": "ordre inversé", "en": "reordered"},
    "dn_match.status.mismatch": {"fr": "différent", "en": "mismatch"},
    "dn_match.status.match": {"fr": "correspond", "en": "match"},
    "dn_match.status.missing": {"fr": "absent du certificat", "en": "missing"},
    "dn_match.label_subject": {"fr": "DN Certificat client", "en": "Subject DN"},
    "dn_match.label_issuer": {"fr": "DN Emetteur", "en": "Issuer DN"},
    "dn_match.label_siren": {"fr": "SIREN", "en": "SIREN"},
    "dn_match.explanation_part": {"fr": "{label} : {text}", "en": "{label}: {text}"},
    "dn_match.label_expected": {"fr": "attendu", "en": "expected"},
    "dn_match.label_submitted": {"fr": "saisi", "en": "submitted"},
}
