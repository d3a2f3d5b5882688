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
        "fr": "{path} : ce fichier n'est pas une base d'inventaire lisible ({reason}) ; vérifiez "
        "le chemin donné à --db (ou CERTKIT_MONITOR_DB), ou restaurez la base depuis une "
        "sauvegarde.",
        "en": "{path}: not a readable inventory database ({reason}); check the --db path (or "
        "CERTKIT_MONITOR_DB), or restore the database from a backup.",
    },
    "monitor.db_full": {
        "fr": "{path} : le disque est plein ({reason}) ; libérez de la place dans {folder} puis "
        "relancez la commande (ce qui était déjà enregistré est conservé).",
        "en": "{path}: the disk is full ({reason}); free some space in {folder} and run the "
        "command again (what was already recorded is kept).",
    },
    "monitor.db_io_error": {
        "fr": "{path} : erreur d'entrée-sortie sur la base ({reason}) ; vérifiez le disque et "
        "l'espace libre dans {folder}, puis relancez la commande.",
        "en": "{path}: input/output error on the database ({reason}); check the disk and the "
        "free space in {folder}, then run the command again.",
    },
    "monitor.db_readonly": {
        "fr": "{path} : la base est en lecture seule pour cet utilisateur ({reason}) ; donnez-lui "
        "le droit d'écrire sur le fichier et sur le dossier {folder}, ou lancez la commande avec "
        "l'utilisateur qui fait les analyses. status, check et export lisent une base en "
        "lecture seule.",
        "en": "{path}: the database is read-only for this user ({reason}); let this user write "
        "the file and its folder {folder}, or run the command as the user who runs the scans. "
        "status, check and export read a read-only database.",
    },
    "monitor.db_cannot_open": {
        "fr": "{path} : impossible d'ouvrir la base ({reason}) ; vérifiez que le dossier {folder} "
        "existe et que cet utilisateur peut y écrire (SQLite y crée ses fichiers -wal et -shm), "
        "ou choisissez un autre emplacement avec --db.",
        "en": "{path}: cannot open the database ({reason}); check that the folder {folder} "
        "exists and that this user may write in it (SQLite creates its -wal and -shm files "
        "there), or choose another place with --db.",
    },
    "monitor.db_busy": {
        "fr": "{path} : la base est verrouillée par un autre processus depuis plus de 30 s "
        "({reason}) ; attendez la fin de l'autre analyse et relancez la commande.",
        "en": "{path}: another process has held the database locked for more than 30 s "
        "({reason}); wait for the other scan to finish and run the command again.",
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
    "monitor.internal_read_error": {
        "fr": "{path} : erreur interne de certkit en lisant ce fichier ({error}) ; les autres "
        "fichiers ont été analysés. C'est un bogue : merci de le signaler avec ce fichier si "
        "possible.",
        "en": "{path}: certkit internal error while reading this file ({error}); the other files "
        "were scanned. This is a certkit bug: please report it, with the file if you can.",
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
    "monitor.bad_range": {
        "fr": "{option} {value} : seuil invalide ; donnez un nombre de jours (30 : alerte à "
        "moins de 30 jours) ou une plage Monitoring Plugins (10:20, @0:30, ~:400).",
        "en": "{option} {value}: invalid threshold; give a number of days (30: alert when fewer "
        "than 30 days are left) or a Monitoring Plugins range (10:20, @0:30, ~:400).",
    },
    "monitor.bad_label": {
        "fr": "--label/--exclude-label {label} : étiquette inconnue ; étiquettes possibles : "
        "{known}.",
        "en": "--label/--exclude-label {label}: unknown label; known labels: {known}.",
    },
    "monitor.bad_fingerprint": {
        "fr": "{value} : attendu l'empreinte SHA-256 d'un certificat (au moins 8 chiffres "
        "hexadécimaux, comme dans « certkit monitor status --json »).",
        "en": "{value}: expected a certificate's SHA-256 fingerprint (at least 8 hex digits, as "
        "in 'certkit monitor status --json').",
    },
    "monitor.unknown_certificate": {
        "fr": "{value} : aucun certificat de l'inventaire n'a cette empreinte.",
        "en": "{value}: no certificate of the inventory has this fingerprint.",
    },
    "monitor.ambiguous_certificate": {
        "fr": "{value} : plusieurs certificats commencent par ces chiffres ; donnez-en davantage.",
        "en": "{value}: several certificates start with these digits; give more of them.",
    },
    "monitor.customers_unreadable": {
        "fr": "{path} : fichier clients illisible ({reason}).",
        "en": "{path}: cannot read the customers file ({reason}).",
    },
    "monitor.customers_invalid": {
        "fr": "{path} : fichier clients invalide ({reason}) ; attendu (TOML) : "
        '["732829320"] puis name = "...", contact et account_manager facultatifs.',
        "en": "{path}: invalid customers file ({reason}); expected (TOML): "
        '["732829320"] then name = "...", contact and account_manager optional.',
    },
    "monitor.bad_header": {
        "fr": "--webhook-header {value} : attendu « Nom: valeur » (nom sans espace, valeur sur "
        "une ligne).",
        "en": "--webhook-header {value}: expected 'Name: value' (a name without spaces, a value "
        "on one line).",
    },
    "monitor.header_env_missing": {
        "fr": "--webhook-header {header} : la variable d'environnement {var} n'est pas définie.",
        "en": "--webhook-header {header}: environment variable {var} is not set.",
    },
    "monitor.header_file_unreadable": {
        "fr": "--webhook-header {header} : fichier {path} illisible ({reason}).",
        "en": "--webhook-header {header}: cannot read {path} ({reason}).",
    },
    "monitor.secret_unreadable": {
        "fr": "{path} : fichier de mot de passe illisible ({reason}).",
        "en": "{path}: cannot read the password file ({reason}).",
    },
    "monitor.secret_env_missing": {
        "fr": "{what} : la variable d'environnement {var} n'est pas définie.",
        "en": "{what}: environment variable {var} is not set.",
    },
    "monitor.smtp_two_tls": {
        "fr": "--starttls et --smtp-tls s'excluent : STARTTLS (port 587 ou 25) ou TLS implicite "
        "(port 465).",
        "en": "--starttls and --smtp-tls exclude each other: STARTTLS (port 587 or 25) or "
        "implicit TLS (port 465).",
    },
    "monitor.smtp_auth_needs_tls": {
        "fr": "--smtp-user : le mot de passe ne part jamais en clair ; ajoutez --starttls ou "
        "--smtp-tls.",
        "en": "--smtp-user: the password is never sent in clear; add --starttls or --smtp-tls.",
    },
    "monitor.smtp_password_missing": {
        "fr": "--smtp-user : donnez le mot de passe avec --smtp-password-file ou "
        "--smtp-password-env.",
        "en": "--smtp-user: give the password with --smtp-password-file or --smtp-password-env.",
    },
    "monitor.smtp_ca_missing": {
        "fr": "--smtp-ca {path} : fichier introuvable.",
        "en": "--smtp-ca {path}: no such file.",
    },
    "monitor.smtp_ca_invalid": {
        "fr": "--smtp-ca {path} : aucun certificat d'AC lisible ({reason}).",
        "en": "--smtp-ca {path}: no readable CA certificate ({reason}).",
    },
    "monitor.smtp_untrusted": {
        "fr": "serveur SMTP {server} : certificat refusé ({reason}) ; rien n'a été envoyé. "
        "Donnez l'AC du relais avec --smtp-ca si elle n'est pas dans le magasin du système ; "
        "les alertes seront renvoyées au prochain passage.",
        "en": "SMTP server {server}: certificate refused ({reason}); nothing was sent. Give the "
        "relay's CA with --smtp-ca if the system store lacks it; the alerts will be sent again "
        "on the next run.",
    },
    "monitor.smtp_auth_failed": {
        "fr": "serveur SMTP {server} : authentification refusée ({reason}) ; vérifiez "
        "--smtp-user et le mot de passe.",
        "en": "SMTP server {server}: authentication refused ({reason}); check --smtp-user and "
        "the password.",
    },
    "monitor.output_failed": {
        "fr": "{path} : écriture impossible ({reason}) ; libérez de la place ou choisissez un "
        "dossier accessible en écriture pour -o (le fichier précédent est resté intact).",
        "en": "{path}: cannot write ({reason}); free some space or choose a writable folder for "
        "-o (the previous file was left whole).",
    },
    "monitor.serve_nothing": {
        "fr": "rien à servir : ajoutez --metrics.",
        "en": "nothing to serve: add --metrics.",
    },
    "monitor.serve_bind_failed": {
        "fr": "impossible d'écouter sur {address} ({reason}) ; choisissez un autre --port.",
        "en": "cannot listen on {address} ({reason}); choose another --port.",
    },
    "monitor.serving": {
        "fr": "métriques servies sur {url} (Ctrl-C pour arrêter)",
        "en": "serving metrics on {url} (Ctrl-C to stop)",
    },
    "monitor.ack_done": {
        "fr": "{sha}… acquitté (couvre l'état « {state} » et mieux).",
        "en": "{sha}… acknowledged (covers state '{state}' and better).",
    },
    "monitor.ack_removed": {
        "fr": "{sha}… : acquittement retiré.",
        "en": "{sha}…: acknowledgement removed.",
    },
    "monitor.reg_done": {
        "fr": "{sha}… : DN enregistrés sur le compte depuis le {on}.",
        "en": "{sha}…: DNs registered on the account since {on}.",
    },
    "monitor.reg_removed": {
        "fr": "{sha}… : marque « enregistré » retirée.",
        "en": "{sha}…: 'registered' mark removed.",
    },
    "monitor.acknowledged_line": {
        "fr": "acquitté le {at} par {by} : {note}",
        "en": "acknowledged on {at} by {by}: {note}",
    },
    "monitor.registered_line": {
        "fr": "DN enregistrés sur le compte depuis le {on}",
        "en": "DNs registered on the account since {on}",
    },
    "monitor.mail_redelivery": {
        "fr": "Certaines de ces alertes ont peut-être déjà été reçues (envoi précédent non "
        "confirmé) : même identifiant, même alerte.",
        "en": "Some of these alerts may have been received already (an earlier sending was not "
        "confirmed): same id, same alert.",
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
    "monitor.action.install_registered_successor": {
        "fr": "installer le successeur {successor} avant le {deadline} (ses DN sont enregistrés "
        "depuis le {on})",
        "en": "install the successor {successor} before {deadline} (its DNs are registered "
        "since {on})",
    },
    # ---------------------------------------------------------------- status table
    "monitor.col.state": {"fr": "état", "en": "state"},
    "monitor.col.days": {"fr": "jours", "en": "days"},
    "monitor.col.siren": {"fr": "SIREN", "en": "SIREN"},
    "monitor.col.subject": {"fr": "sujet", "en": "subject"},
    "monitor.col.not_after": {"fr": "expire le", "en": "expires"},
    "monitor.col.successor": {"fr": "successeur", "en": "successor"},
    "monitor.col.action": {"fr": "action", "en": "action"},
    "monitor.col.holder": {"fr": "client / titulaire", "en": "customer / holder"},
    "monitor.col.path": {"fr": "fichier", "en": "file"},
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
