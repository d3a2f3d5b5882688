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
        "fr": "{files} {files:plural:one=fichier vu|many=de fichiers vus|other=fichiers vus}, "
        "{read} {read:plural:one=lu|many=lus|other=lus}, "
        "{unchanged} {unchanged:plural:one=inchangé|many=inchangés|other=inchangés}, "
        "{certificates} "
        "{certificates:plural:one=certificat trouvé|many=de certificats trouvés|other=certificats "
        "trouvés} ({new} "
        "{new:plural:one=nouveau|many=nouveaux|other=nouveaux}), {errors} "
        "{errors:plural:one=erreur|many=de erreurs|other=erreurs}, "
        "{removed} {removed:plural:one=fichier disparu|many=de fichiers disparus|other=fichiers "
        "disparus}.",
        "en": "{files} {files:plural:one=file|other=files} seen, {read} read, {unchanged} "
        "unchanged, "
        "{certificates} {certificates:plural:one=certificate|other=certificates} found ({new} "
        "new), "
        "{errors} {errors:plural:one=error|other=errors}, {removed} {removed:plural:one=file|"
        "other=files} gone.",
    },
    "monitor.worker_died": {
        "fr": "{path} : le processus qui lisait ce fichier s'est arrêté brutalement, même seul "
        "(manque de mémoire, signal, ou plantage d'une bibliothèque) ; les autres fichiers ont "
        "été analysés. Lancez « certkit inspect » sur ce fichier pour en savoir plus, et "
        "signalez-le.",
        "en": "{path}: the process reading this file died, even on its own (out of memory, a "
        "signal, or a crash inside a library); the other files were scanned. Run “certkit "
        "inspect” on this file to learn more, and report it.",
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
        "fr": "webhook {url} : échec après {attempts} {attempts:plural:one=tentative|many=de "
        "tentatives|other=tentatives} ({reason}) ; les alertes seront "
        "renvoyées au prochain passage.",
        "en": "webhook {url}: failed after {attempts} {attempts:plural:one=attempt|other=attempts} "
        "({reason}); the alerts will be "
        "sent again on the next run.",
    },
    "monitor.smtp_failed": {
        "fr": "serveur SMTP {server} : envoi impossible ({reason}) ; les alertes seront renvoyées "
        "au prochain passage.",
        "en": "SMTP server {server}: cannot send ({reason}); the alerts will be sent again on "
        "the next run.",
    },
    "monitor.notify_summary": {
        "fr": "{channel} : {count} {count:plural:one=alerte envoyée|many=de alertes envoyées|"
        "other=alertes envoyées}.",
        "en": "{channel}: {count} {count:plural:one=alert|other=alerts} sent.",
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
        "fr": "--smtp-trust {path} : fichier introuvable.",
        "en": "--smtp-trust {path}: no such file.",
    },
    "monitor.smtp_ca_invalid": {
        "fr": "--smtp-trust {path} : aucun certificat d'AC lisible ({reason}).",
        "en": "--smtp-trust {path}: no readable CA certificate ({reason}).",
    },
    "monitor.smtp_untrusted": {
        "fr": "serveur SMTP {server} : certificat refusé ({reason}) ; rien n'a été envoyé. "
        "Donnez l'AC du relais avec --smtp-trust si elle n'est pas dans le magasin du système ; "
        "les alertes seront renvoyées au prochain passage.",
        "en": "SMTP server {server}: certificate refused ({reason}); nothing was sent. Give the "
        "relay's CA with --smtp-trust if the system store lacks it; the alerts will be sent again "
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
        "fr": "{sha}… : DN enregistrés sur le compte depuis le {on:date}.",
        "en": "{sha}…: DNs registered on the account since {on:date}.",
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
        "fr": "DN enregistrés sur le compte depuis le {on:date}",
        "en": "DNs registered on the account since {on:date}",
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
        "fr": "renouveler le certificat avant le {deadline:date} (aucun successeur trouvé), puis "
        "enregistrer ses DN dans l'autre emplacement du compte",
        "en": "renew the certificate before {deadline:date} (no successor found), then register "
        "its "
        "DNs in the account's other slot",
    },
    "monitor.action.renew_expired": {
        "fr": "certificat expiré le {deadline:date} sans successeur : le renouveler tout de suite",
        "en": "expired on {deadline:date} with no successor: renew it now",
    },
    "monitor.action.register_new_dns": {
        "fr": "avant le {deadline:date}, enregistrer dans l'autre emplacement du compte : DN "
        "certificat « {subject} », DN émetteur « {issuer} »",
        "en": "before {deadline:date}, register in the account's other slot: certificate DN "
        "'{subject}', issuer DN '{issuer}'",
    },
    "monitor.action.install_successor": {
        "fr": "installer le successeur {successor} avant le {deadline:date} (mêmes DN : rien à "
        "enregistrer)",
        "en": "install the successor {successor} before {deadline:date} (same DNs: nothing to "
        "register)",
    },
    "monitor.action.install_registered_successor": {
        "fr": "installer le successeur {successor} avant le {deadline:date} (ses DN sont "
        "enregistrés "
        "depuis le {on:date})",
        "en": "install the successor {successor} before {deadline:date} (its DNs are registered "
        "since {on:date})",
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
        "fr": "{count} {count:plural:one=fichier illisible|many=de fichiers illisibles|"
        "other=fichiers illisibles} au dernier passage "
        "(voir « certkit monitor scan » ou --json).",
        "en": "{count} {count:plural:one=file|other=files} could not be read on the last scan "
        "(see 'certkit monitor scan' or --json).",
    },
    "monitor.mail_subject": {
        "fr": "[certkit] {count} {count:plural:one=certificat|many=de certificats|"
        "other=certificats} à surveiller : {states}",
        "en": "[certkit] {count} {count:plural:one=certificate alert|other=certificate alerts}: "
        "{states}",
    },
    "monitor.days_short": {"fr": "{days} j", "en": "{days} d"},
    # ---------------------------------------------------------------- Nagios
    "monitor.check_no_db": {
        "fr": "pas d'inventaire à {path}",
        "en": "no inventory at {path}",
    },
    # ---------------------------------------------------------------- shared inventory (PostgreSQL)
    "monitor.db_bad_scheme": {
        "fr": "{value} : type de base inconnu ; --db accepte un fichier SQLite ou une URL "
        "postgresql://utilisateur@hôte:port/base.",
        "en": "{value}: unsupported database URL; --db takes a SQLite file or "
        "postgresql://user@host:port/dbname.",
    },
    "monitor.db_password_file_sqlite": {
        "fr": "--db-password-file sert à une base PostgreSQL (--db postgresql://…) ; un inventaire "
        "SQLite n'a pas de mot de passe.",
        "en": "--db-password-file is for a PostgreSQL --db (postgresql://…); a SQLite inventory "
        "has no password.",
    },
    "monitor.pg_bad_url": {
        "fr": "{value} : URL PostgreSQL invalide ({reason}) ; attendu "
        "postgresql://utilisateur@hôte:port/base.",
        "en": "{value}: not a valid PostgreSQL URL ({reason}); expected "
        "postgresql://user@host:port/dbname.",
    },
    "monitor.pg_driver_missing": {
        "fr": "l'inventaire PostgreSQL demande le module psycopg : pip install 'psycopg[binary]'.",
        "en": "a PostgreSQL inventory needs the psycopg module: pip install 'psycopg[binary]'.",
    },
    "monitor.pg_unreachable": {
        "fr": "{target} : serveur PostgreSQL injoignable à {where} ({reason}) ; vérifiez qu'il "
        "tourne et accepte les connexions TCP, et l'hôte et le port donnés à --db (ou "
        "CERTKIT_MONITOR_DB).",
        "en": "{target}: cannot reach the PostgreSQL server at {where} ({reason}); check that it "
        "runs and accepts TCP connections, and the host and port given to --db (or "
        "CERTKIT_MONITOR_DB).",
    },
    "monitor.pg_auth_failed": {
        "fr": "{target} : le serveur refuse le rôle {user} ({reason}) ; donnez son mot de passe "
        "par PGPASSWORD, ~/.pgpass ou --db-password-file, ou corrigez le nom du rôle dans l'URL.",
        "en": "{target}: the server refused role {user} ({reason}); give its password in "
        "PGPASSWORD, ~/.pgpass or --db-password-file, or fix the role name in the URL.",
    },
    "monitor.pg_no_database": {
        "fr": "{target} : la base {database} n'existe pas sur le serveur ; créez-la (createdb -O "
        "{user} {database}, voir le README) ou corrigez son nom dans --db.",
        "en": "{target}: database {database} does not exist on the server; create it (createdb "
        "-O {user} {database}, see README) or fix its name in --db.",
    },
    "monitor.pg_no_inventory": {
        "fr": "{target} : cette base ne contient pas encore d'inventaire ; lancez d'abord "
        "« certkit monitor scan DOSSIER --db … » (ou « certkit monitor migrate »).",
        "en": "{target}: no inventory in this database yet; run 'certkit monitor scan FOLDER "
        "--db …' (or 'certkit monitor migrate') first.",
    },
    "monitor.pg_denied": {
        "fr": "{target} : le rôle {user} n'a pas le droit de faire cela ({reason}) ; les hôtes qui "
        "analysent ont besoin d'un rôle propriétaire des tables de l'inventaire, status, check et "
        "export du droit SELECT (voir le README).",
        "en": "{target}: role {user} is not allowed to do this ({reason}); scanning hosts need a "
        "role that owns the inventory's tables, status, check and export need SELECT on them "
        "(see README).",
    },
    "monitor.pg_readonly": {
        "fr": "{target} : la base est en lecture seule ({reason}), un serveur secondaire peut-être "
        "; dirigez scan, ack, registered, notify et migrate vers le serveur principal.",
        "en": "{target}: the database is read-only ({reason}), a standby server perhaps; point "
        "scan, ack, registered, notify and migrate at the primary server.",
    },
    "monitor.pg_connection_lost": {
        "fr": "{target} : la connexion au serveur PostgreSQL ({where}) a été perdue ({reason}) ; "
        "ce qui était validé est conservé : relancez la commande quand le serveur répond.",
        "en": "{target}: the connection to the PostgreSQL server ({where}) was lost ({reason}); "
        "what was committed is kept: run the command again once the server answers.",
    },
    "monitor.pg_full": {
        "fr": "{target} : le serveur PostgreSQL manque de place ou de ressources ({reason}) ; "
        "libérez de la place sur le serveur puis relancez la commande (ce qui était validé est "
        "conservé).",
        "en": "{target}: the PostgreSQL server is out of space or resources ({reason}); free "
        "space on the server and run the command again (what was committed is kept).",
    },
    "monitor.pg_busy": {
        "fr": "{target} : l'opération a été interrompue par un conflit ou un délai du serveur "
        "({reason}) ; relancez la commande.",
        "en": "{target}: the server stopped the operation (a conflict or a time limit: {reason}); "
        "run the command again.",
    },
    "monitor.pg_error": {
        "fr": "{target} : erreur PostgreSQL ({reason}) ; vérifiez --db et le journal du serveur.",
        "en": "{target}: PostgreSQL error ({reason}); check --db and the server's log.",
    },
    "monitor.unknown_host": {
        "fr": "--host {host} : aucun hôte de ce nom dans l'inventaire (hôtes : {known}).",
        "en": "--host {host}: no such host in the inventory (hosts: {known}).",
    },
    "monitor.bad_host_label": {
        "fr": "--host-label {value!r} : attendu un nom imprimable d'au plus 255 caractères.",
        "en": "--host-label {value!r}: expected a printable name of at most 255 characters.",
    },
    "monitor.never": {"fr": "jamais", "en": "never"},
    "monitor.hosts_empty": {
        "fr": "aucun hôte n'a encore analysé dans cet inventaire.",
        "en": "no host has scanned into this inventory yet.",
    },
    "monitor.host_line": {
        "fr": "{host} : {files} {files:plural:one=fichier|many=de fichiers|other=fichiers}, "
        "{certificates} "
        "{certificates:plural:one=certificat|many=de certificats|other=certificats}, {errors} "
        "{errors:plural:one=illisible|many=illisibles|other=illisibles}, "
        "dernière analyse complète : {last_scan}",
        "en": "{host}: {files} {files:plural:one=file|other=files}, {certificates} "
        "{certificates:plural:one=certificate|other=certificates}, {errors} unreadable, last "
        "complete scan: {last_scan}",
    },
    "monitor.host_removed": {
        "fr": "hôte {host} oublié : {files} {files:plural:one=fichier retiré|many=de fichiers "
        "retirés|other=fichiers retirés} de l'inventaire (les certificats, "
        "acquittements et enregistrements restent).",
        "en": "host {host} forgotten: {files} {files:plural:one=file|other=files} left the "
        "inventory (certificates, "
        "acknowledgements and registrations stay).",
    },
    "monitor.migrate_same": {
        "fr": "{source} : --from et --to désignent le même inventaire.",
        "en": "{source}: --from and --to name the same inventory.",
    },
    "monitor.migrate_several_hosts": {
        "fr": "{source} contient déjà plusieurs hôtes ({hosts}) : sans --host-label, chacun garde "
        "son nom.",
        "en": "{source} already holds several hosts ({hosts}): leave out --host-label and each "
        "keeps its own label.",
    },
    "monitor.migrate_done": {
        "fr": "{source} copié dans {target} : {new} "
        "{new:plural:one=nouveau certificat|many=de nouveaux certificats|other=nouveaux "
        "certificats} ({present} déjà "
        "{present:plural:one=présent|many=présents|other=présents}), {files} "
        "{files:plural:one=fichier|many=de fichiers|other=fichiers} de {hosts} "
        "({kept} déjà à jour), {scans} {scans:plural:one=analyse|many=de analyses|other=analyses}, "
        "{marks} "
        "{marks:plural:one=acquittement ou enregistrement|many=de acquittements ou enregistrements|"
        "other=acquittements ou enregistrements}, "
        "{records} {records:plural:one=trace d'envoi d'alertes|many=de traces d'envoi d'alertes|"
        "other=traces d'envoi d'alertes}.",
        "en": "copied {source} into {target}: {new} new "
        "{new:plural:one=certificate|other=certificates} ({present} already there), {files} "
        "{files:plural:one=file|other=files} of {hosts} ({kept} already up to date), {scans} "
        "{scans:plural:one=scan|other=scans}, {marks} "
        "{marks:plural:one=acknowledgement or registration|other=acknowledgements or "
        "registrations}, "
        "{records} {records:plural:one=alert delivery record|other=alert delivery records}.",
    },
}
