"""Messages of the expiry and renewal monitor (certkit monitor ...)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- inventory database
    "monitor.db_missing": {
        "fr": "{path} : aucun inventaire à cet endroit ; lancez d'abord « certkit monitor scan "
        "DOSSIER » (ou donnez le bon fichier avec --db).",
        "en": "{path}: no inventory there; run 'certkit monitor scan FOLDER' first (or point "
        "--db at the right file).",
    },
    "monitor.db_unreadable": {
        "fr": "{path} : base d'inventaire illisible ({reason}) ; vérifiez le chemin donné à --db "
        "ou supprimez le fichier et relancez « certkit monitor scan ».",
        "en": "{path}: cannot read the inventory database ({reason}); check the --db path or "
        "delete the file and run 'certkit monitor scan' again.",
    },
    "monitor.db_too_new": {
        "fr": "{path} : cette base d'inventaire a été créée par une version plus récente de "
        "certkit (schéma {found}, cette version connaît {known}) ; mettez certkit à jour.",
        "en": "{path}: this inventory was written by a newer certkit (schema {found}, this "
        "version knows {known}); upgrade certkit.",
    },
    "monitor.db_dir_unwritable": {
        "fr": "{path} : impossible de créer le dossier de la base ({reason}) ; choisissez un "
        "autre emplacement avec --db.",
        "en": "{path}: cannot create the database folder ({reason}); choose another place "
        "with --db.",
    },
    # ---------------------------------------------------------------- scan
    "monitor.path_missing": {
        "fr": "{path} : ce fichier ou dossier n'existe pas ; vérifiez le chemin à analyser.",
        "en": "{path}: no such file or folder; check the path to scan.",
    },
    "monitor.read_failed": {
        "fr": "{path} : lecture impossible ({reason}).",
        "en": "{path}: cannot read the file ({reason}).",
    },
    "monitor.password_unknown": {
        "fr": "{path} : fichier protégé par un mot de passe ; ajoutez son motif au fichier "
        "--passwords ou donnez --password-file.",
        "en": "{path}: password-protected file; add a pattern for it to the --passwords file or "
        "give --password-file.",
    },
    "monitor.passwords_unreadable": {
        "fr": "{path} : fichier de mots de passe illisible ({reason}).",
        "en": "{path}: cannot read the passwords file ({reason}).",
    },
    "monitor.passwords_invalid": {
        "fr": "{path} : fichier de mots de passe invalide ({reason}) ; attendu : des lignes "
        '« "motif" = "fichier-du-mot-de-passe" » (TOML).',
        "en": '{path}: invalid passwords file ({reason}); expected lines like "pattern" = '
        '"password-file" (TOML).',
    },
    "monitor.scan_summary": {
        "fr": "{files} fichiers vus, {read} lus, {unchanged} inchangés, {certificates} "
        "certificats trouvés ({new} nouveaux), {errors} erreurs, {removed} fichiers disparus.",
        "en": "{files} files seen, {read} read, {unchanged} unchanged, {certificates} "
        "certificates found ({new} new), {errors} errors, {removed} files gone.",
    },
    "monitor.scan_error_line": {
        "fr": "illisible : {message}",
        "en": "unreadable: {message}",
    },
    # ---------------------------------------------------------------- dates and options
    "monitor.bad_date": {
        "fr": "--at {value} : date invalide ; écrivez AAAA-MM-JJ ou une date ISO 8601 "
        "(2026-05-01T12:00:00Z).",
        "en": "--at {value}: invalid date; write YYYY-MM-DD or an ISO 8601 date-time "
        "(2026-05-01T12:00:00Z).",
    },
    "monitor.bad_thresholds": {
        "fr": "--critical-days ({critical}) doit être inférieur ou égal à --warn-days ({warn}).",
        "en": "--critical-days ({critical}) must not exceed --warn-days ({warn}).",
    },
    "monitor.bad_smtp": {
        "fr": "--smtp {value} : attendu HÔTE:PORT, avec --mail-from et --mail-to.",
        "en": "--smtp {value}: expected HOST:PORT, together with --mail-from and --mail-to.",
    },
    "monitor.no_channel": {
        "fr": "aucun canal de notification : donnez --webhook URL et/ou --smtp HÔTE:PORT.",
        "en": "no notification channel: give --webhook URL and/or --smtp HOST:PORT.",
    },
    "monitor.webhook_failed": {
        "fr": "webhook {url} : échec après {attempts} tentatives ({reason}) ; les alertes seront "
        "renvoyées au prochain passage.",
        "en": "webhook {url}: failed after {attempts} attempts ({reason}); the alerts will be "
        "sent again on the next run.",
    },
    "monitor.smtp_failed": {
        "fr": "serveur SMTP {server} : envoi impossible ({reason}) ; les alertes seront renvoyées "
        "au prochain passage.",
        "en": "SMTP server {server}: cannot send ({reason}); the alerts will be sent again on "
        "the next run.",
    },
    "monitor.notify_summary": {
        "fr": "{channel} : {count} alerte(s) envoyée(s).",
        "en": "{channel}: {count} alert(s) sent.",
    },
    "monitor.notify_nothing": {
        "fr": "{channel} : rien de nouveau à signaler.",
        "en": "{channel}: nothing new to report.",
    },
    # ---------------------------------------------------------------- states and actions
    "monitor.state.ok": {"fr": "ok", "en": "ok"},
    "monitor.state.warning": {"fr": "attention", "en": "warning"},
    "monitor.state.critical": {"fr": "critique", "en": "critical"},
    "monitor.state.expired": {"fr": "expiré", "en": "expired"},
    "monitor.action.renew": {
        "fr": "renouveler le certificat avant le {deadline} (aucun successeur trouvé), puis "
        "enregistrer ses DN dans l'autre emplacement du compte",
        "en": "renew the certificate before {deadline} (no successor found), then register its "
        "DNs in the account's other slot",
    },
    "monitor.action.renew_expired": {
        "fr": "certificat expiré le {deadline} sans successeur : le renouveler tout de suite",
        "en": "expired on {deadline} with no successor: renew it now",
    },
    "monitor.action.register_new_dns": {
        "fr": "avant le {deadline}, enregistrer dans l'autre emplacement du compte : DN "
        "certificat « {subject} », DN émetteur « {issuer} »",
        "en": "before {deadline}, register in the account's other slot: certificate DN "
        "'{subject}', issuer DN '{issuer}'",
    },
    "monitor.action.install_successor": {
        "fr": "installer le successeur {successor} avant le {deadline} (mêmes DN : rien à "
        "enregistrer)",
        "en": "install the successor {successor} before {deadline} (same DNs: nothing to register)",
    },
    # ---------------------------------------------------------------- status table
    "monitor.col.state": {"fr": "état", "en": "state"},
    "monitor.col.days": {"fr": "jours", "en": "days"},
    "monitor.col.siren": {"fr": "SIREN", "en": "SIREN"},
    "monitor.col.subject": {"fr": "sujet", "en": "subject"},
    "monitor.col.not_after": {"fr": "expire le", "en": "expires"},
    "monitor.col.successor": {"fr": "successeur", "en": "successor"},
    "monitor.col.action": {"fr": "action", "en": "action"},
    "monitor.status_empty": {
        "fr": "aucun certificat dans l'inventaire ; lancez « certkit monitor scan DOSSIER ».",
        "en": "no certificate in the inventory; run 'certkit monitor scan FOLDER'.",
    },
    "monitor.status_errors": {
        "fr": "{count} fichier(s) illisible(s) au dernier passage (voir « certkit monitor scan » "
        "ou --json).",
        "en": "{count} file(s) could not be read on the last scan (see 'certkit monitor scan' or "
        "--json).",
    },
    "monitor.mail_subject": {
        "fr": "[certkit] {count} certificat(s) à surveiller : {states}",
        "en": "[certkit] {count} certificate alert(s): {states}",
    },
    "monitor.days_short": {"fr": "{days} j", "en": "{days} d"},
    # ---------------------------------------------------------------- Nagios
    "monitor.check_no_db": {
        "fr": "pas d'inventaire à {path}",
        "en": "no inventory at {path}",
    },
}
