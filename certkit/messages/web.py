"""Messages of the web page and the HTTP API (``certkit web``)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- page frame ----------------------------------------------------------------------------
    "web.title": {
        "fr": "Vérifier un certificat pour le registre des copropriétés",
        "en": "Check a certificate for the copropriétés registry",
    },
    "web.skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "web.other_language": {"fr": "English", "en": "Français"},
    "web.other_language_name": {"fr": "Read this page in English", "en": "Lire en français"},
    "web.nav_check": {"fr": "Vérifier un certificat", "en": "Check a certificate"},
    "web.nav_dn_match": {
        "fr": "Contrôler une saisie (administrateurs)",
        "en": "Check what was typed (administrators)",
    },
    "web.nav_api": {"fr": "API", "en": "API"},
    "web.footer": {
        "fr": "certkit {version} — le fichier est lu en mémoire, jamais enregistré, et ne quitte "
        "pas ce serveur.",
        "en": "certkit {version} — the file is read in memory, never stored, and does not leave "
        "this server.",
    },
    "web.cli_listening": {
        "fr": "certkit web : {url} (profil {profile}) — Ctrl+C pour arrêter.",
        "en": "certkit web: {url} (profile {profile}) — Ctrl+C to stop.",
    },
    "web.cli_keys_read": {
        "fr": "Adresse locale : les fichiers contenant une clé privée sont lus (en mémoire).",
        "en": "Local address: files holding a private key are read (in memory).",
    },
    "web.cli_keys_refused": {
        "fr": "Les fichiers contenant une clé privée sont refusés (--accept-private-keys pour les "
        "lire).",
        "en": "Files holding a private key are refused (--accept-private-keys to read them).",
    },
    # ---- syndic form ---------------------------------------------------------------------------
    "web.intro": {
        "fr": "Déposez le fichier que votre autorité de certification vous a remis : certkit dit "
        "si le registre l'acceptera, pourquoi, et exactement quoi recopier dans votre compte.",
        "en": "Drop the file your certification authority gave you: certkit says whether the "
        "registry will accept it, why, and exactly what to copy into your account.",
    },
    "web.file_legend": {"fr": "Votre certificat", "en": "Your certificate"},
    "web.file_label": {
        "fr": "Fichier du certificat (PEM, CER, CRT, DER, P7B, P12, PFX)",
        "en": "Certificate file (PEM, CER, CRT, DER, P7B, P12, PFX)",
    },
    "web.drop_hint": {
        "fr": "Déposez le fichier ici, ou choisissez-le.",
        "en": "Drop the file here, or choose it.",
    },
    "web.pem_label": {
        "fr": "… ou collez le certificat (le texte qui commence par -----BEGIN CERTIFICATE-----)",
        "en": "… or paste the certificate (the text that starts with -----BEGIN CERTIFICATE-----)",
    },
    "web.password_label": {
        "fr": "Mot de passe du fichier .p12 ou .pfx",
        "en": "Password of the .p12 or .pfx file",
    },
    "web.password_hint": {
        "fr": "Seulement pour un fichier .p12 ou .pfx. Il sert à ouvrir le fichier ici et n'est "
        "ni enregistré ni transmis.",
        "en": "Only for a .p12 or .pfx file. It opens the file here and is neither stored nor "
        "passed on.",
    },
    "web.options_legend": {"fr": "Vérification", "en": "Check"},
    "web.profile_label": {"fr": "Plateforme", "en": "Platform"},
    "web.profile_registre-coproprietes": {
        "fr": "Registre des copropriétés (production)",
        "en": "Copropriétés registry (production)",
    },
    "web.profile_registre-coproprietes-test": {
        "fr": "Plateforme de test des éditeurs",
        "en": "Software vendors' test platform",
    },
    "web.siren_label": {
        "fr": "SIREN du compte (facultatif)",
        "en": "The account's SIREN (optional)",
    },
    "web.siren_hint": {
        "fr": "9 chiffres : certkit vérifie que le certificat porte ce SIREN.",
        "en": "9 digits: certkit checks that the certificate carries this SIREN.",
    },
    "web.submit": {"fr": "Vérifier le certificat", "en": "Check the certificate"},
    # ---- result --------------------------------------------------------------------------------
    "web.result_title": {"fr": "Résultat pour {name}", "en": "Result for {name}"},
    "web.verdict.pass": {"fr": "ACCEPTÉ", "en": "ACCEPTED"},
    "web.verdict.warn": {"fr": "À VÉRIFIER", "en": "TO CHECK"},
    "web.verdict.fail": {"fr": "REFUSÉ", "en": "REFUSED"},
    "web.verdict_text.pass": {
        "fr": "Le registre devrait accepter ce certificat.",
        "en": "The registry should accept this certificate.",
    },
    "web.verdict_text.warn": {
        "fr": "Pas de refus, mais des points à vérifier (⚠) ci-dessous avant de l'envoyer.",
        "en": "Nothing refused, but points to check (⚠) below before sending it.",
    },
    "web.verdict_text.fail": {
        "fr": "Le registre refusera ce certificat : les raisons (✗) et quoi faire sont ci-dessous.",
        "en": "The registry will refuse this certificate: the reasons (✗) and what to do are "
        "below.",
    },
    "web.checked_against": {
        "fr": "Vérifié selon le profil {profile}, le {date:date}.",
        "en": "Checked against profile {profile} on {date:date}.",
    },
    "web.findings_title": {"fr": "Ce que certkit a vérifié", "en": "What certkit checked"},
    "web.severity.ok": {"fr": "Correct", "en": "Fine"},
    "web.severity.info": {"fr": "Information", "en": "Information"},
    "web.severity.warning": {"fr": "Attention", "en": "Attention"},
    "web.severity.error": {"fr": "Refusé", "en": "Refused"},
    "web.fields_title": {
        "fr": "À recopier dans le compte (« Paramètres techniques pour les webservices »)",
        "en": "To copy into the account (« Paramètres techniques pour les webservices »)",
    },
    "web.fields_import": {
        "fr": "Le plus sûr : cliquez sur « Importer certificat » dans le compte et téléversez le "
        "certificat sans clé (PEM). Sinon, copiez ces trois valeurs telles quelles.",
        "en": "Safest: click « Importer certificat » in the account and upload the certificate "
        "without its key (PEM). Otherwise copy these three values exactly.",
    },
    "web.copy": {"fr": "Copier", "en": "Copy"},
    "web.copy_label": {"fr": "Copier « {field} »", "en": "Copy “{field}”"},
    "web.copied": {"fr": "Copié dans le presse-papiers.", "en": "Copied to the clipboard."},
    "web.escapes_note": {
        "fr": "Les caractères surlignés (barre oblique inverse) font partie du DN : recopiez-les.",
        "en": "The highlighted characters (backslash escapes) are part of the DN: copy them too.",
    },
    "web.no_siren": {"fr": "aucun", "en": "none"},
    "web.download_title": {
        "fr": "Le fichier à téléverser",
        "en": "The file to upload",
    },
    "web.download_why_key": {
        "fr": "Votre fichier contient aussi la clé privée : ne l'envoyez jamais. Voici le "
        "certificat seul, sans clé, prêt pour « Importer certificat ».",
        "en": "Your file also holds the private key: never send it. Here is the certificate "
        "alone, without the key, ready for « Importer certificat ».",
    },
    "web.download_why_format": {
        "fr": "Le registre attend un fichier PEM contenant votre certificat seul. Le voici.",
        "en": "The registry expects a PEM file holding your certificate alone. Here it is.",
    },
    "web.download_pem": {
        "fr": "Télécharger certificat-a-televerser.pem",
        "en": "Download certificat-a-televerser.pem",
    },
    "web.expiry_title": {"fr": "Échéance", "en": "Expiry"},
    "web.days_left": {
        "fr": "Le certificat expire le {date:date} : il reste {days} {days:plural:one=jour|"
        "many=de jours|other=jours}.",
        "en": "The certificate expires on {date:date}: {days} {days:plural:one=day|other=days} "
        "left.",
    },
    "web.expired": {
        "fr": "Le certificat a expiré le {date:date}.",
        "en": "The certificate expired on {date:date}.",
    },
    "web.ics": {
        "fr": "Ajouter un rappel à mon agenda, {days} {days:plural:one=jour|many=de jours|"
        "other=jours} avant (.ics)",
        "en": "Add a reminder to my calendar, {days} {days:plural:one=day|other=days} before "
        "(.ics)",
    },
    "web.ics_summary": {
        "fr": "Renouveler le certificat {name}",
        "en": "Renew the certificate {name}",
    },
    "web.ics_description": {
        "fr": "Le certificat {name} expire le {date:date}. Commandez dès maintenant le "
        "renouvellement "
        "auprès de votre autorité de certification, puis enregistrez le nouveau certificat dans "
        "le second emplacement du compte du registre (« Importer certificat »).",
        "en": "The certificate {name} expires on {date:date}. Order the renewal from your "
        "certification authority now, then register the new certificate in the registry "
        "account's second slot (« Importer certificat »).",
    },
    "web.print": {"fr": "Imprimer ce rapport", "en": "Print this report"},
    "web.again": {"fr": "Vérifier un autre certificat", "en": "Check another certificate"},
    # ---- refusals and errors -------------------------------------------------------------------
    "web.error_title": {
        "fr": "Le fichier n'a pas pu être vérifié",
        "en": "The file could not be checked",
    },
    "web.no_file": {
        "fr": "Aucun certificat reçu : choisissez un fichier ou collez le certificat.",
        "en": "No certificate received: choose a file or paste the certificate.",
    },
    "web.password_needed": {
        "fr": "{path} est protégé par un mot de passe : saisissez-le dans le champ « Mot de passe "
        "du fichier .p12 ou .pfx ».",
        "en": "{path} is password-protected: type the password in the field “Password of the "
        ".p12 or .pfx file”.",
    },
    "web.pkcs12_bad_password": {
        "fr": "{path} : mot de passe incorrect (ou fichier abîmé) ; vérifiez le mot de passe.",
        "en": "{path}: wrong password (or damaged file); check the password.",
    },
    "web.keys_refused_title": {
        "fr": "Ce fichier contient votre clé privée : il n'a pas été lu",
        "en": "This file holds your private key: it was not read",
    },
    "web.keys_refused": {
        "fr": "{path} contient la clé privée de votre certificat. Une clé privée ne doit jamais "
        "être envoyée à un site web, celui-ci compris : exportez le certificat seul, sans clé, "
        "puis déposez ce fichier-là.",
        "en": "{path} holds your certificate's private key. A private key must never be sent to "
        "any website, this one included: export the certificate alone, without its key, then "
        "drop that file.",
    },
    "web.export_windows_title": {"fr": "Sous Windows", "en": "On Windows"},
    "web.export_windows": {
        "fr": "Ouvrez « Gérer les certificats utilisateur » (certmgr.msc), dans Personnel › "
        "Certificats faites un clic droit sur le certificat › Toutes les tâches › Exporter…, "
        "choisissez « Non, ne pas exporter la clé privée », puis le format « Codé à base 64 "
        "X.509 (.CER) ».",
        "en": "Open “Manage user certificates” (certmgr.msc); under Personal › Certificates, "
        "right-click the certificate › All Tasks › Export…, choose “No, do not export the "
        "private key”, then “Base-64 encoded X.509 (.CER)”.",
    },
    "web.export_macos_title": {"fr": "Sous macOS", "en": "On macOS"},
    "web.export_macos": {
        "fr": "Dans Trousseaux d'accès, sélectionnez le certificat (pas la clé), menu Fichier › "
        "Exporter les éléments…, format « Certificat (.cer) » ou « Privacy Enhanced Mail (.pem) ».",
        "en": "In Keychain Access, select the certificate (not the key), File › Export Items…, "
        "format “Certificate (.cer)” or “Privacy Enhanced Mail (.pem)”.",
    },
    "web.export_firefox_title": {"fr": "Dans Firefox", "en": "In Firefox"},
    "web.export_firefox": {
        "fr": "Paramètres › Vie privée et sécurité › Afficher les certificats › Vos certificats, "
        "choisissez le certificat › Voir… › Télécharger « PEM (cert) ».",
        "en": "Settings › Privacy & Security › View Certificates › Your Certificates, pick the "
        "certificate › View… › download “PEM (cert)”.",
    },
    "web.export_certkit_title": {"fr": "Avec certkit", "en": "With certkit"},
    "web.too_large": {
        "fr": "Envoi trop volumineux (au plus {limit}).",
        "en": "Upload too large (at most {limit}).",
    },
    "web.field_too_large": {
        "fr": "Le champ « {field} » est trop volumineux (au plus {limit}).",
        "en": "The field “{field}” is too large (at most {limit}).",
    },
    "web.too_many_fields": {
        "fr": "Trop de champs dans le formulaire (au plus {limit}).",
        "en": "Too many fields in the form (at most {limit}).",
    },
    "web.unsupported_media_type": {
        "fr": "Type de contenu non pris en charge : envoyez {expected}.",
        "en": "Unsupported content type: send {expected}.",
    },
    "web.bad_multipart": {
        "fr": "Formulaire illisible (multipart/form-data mal formé).",
        "en": "Unreadable form (malformed multipart/form-data).",
    },
    "web.bad_json": {
        "fr": "Corps de requête illisible : envoyez un objet JSON en UTF-8.",
        "en": "Unreadable request body: send a JSON object in UTF-8.",
    },
    "web.bad_request": {"fr": "Requête invalide.", "en": "Invalid request."},
    "web.field_not_utf8": {
        "fr": "Le champ « {field} » n'est pas du texte UTF-8.",
        "en": "The field “{field}” is not UTF-8 text.",
    },
    "web.field_type": {
        "fr": "Le champ « {field} » doit être du texte.",
        "en": "The field “{field}” must be text.",
    },
    "web.missing_field": {
        "fr": "Champ obligatoire manquant : « {field} ».",
        "en": "Missing required field: “{field}”.",
    },
    "web.unknown_profile": {
        "fr": "Profil inconnu « {name} » : choisissez parmi {known}.",
        "en": "Unknown profile “{name}”: choose one of {known}.",
    },
    "web.not_found": {"fr": "Page introuvable.", "en": "Page not found."},
    "web.method_not_allowed": {
        "fr": "Méthode non autorisée sur cette adresse.",
        "en": "Method not allowed at this address.",
    },
    "web.internal": {
        "fr": "Erreur interne de certkit (requête {request_id}) : merci de la signaler avec cet "
        "identifiant.",
        "en": "certkit internal error (request {request_id}): please report it with this id.",
    },
    # ---- administrators: dn-match --------------------------------------------------------------
    "web.dn_title": {
        "fr": "Ce que le syndic a saisi correspond-il au certificat ?",
        "en": "Does what the syndic typed match the certificate?",
    },
    "web.dn_intro": {
        "fr": "Pour les administrateurs du registre : le certificat téléversé et les valeurs "
        "saisies dans le compte, comparés comme des noms (pas comme des chaînes).",
        "en": "For registry administrators: the uploaded certificate and the values typed in the "
        "account, compared as names (not as strings).",
    },
    "web.dn_subject_label": {
        "fr": "DN Certificat client saisi",
        "en": "Typed DN Certificat client",
    },
    "web.dn_issuer_label": {
        "fr": "DN Emetteur Certificat saisi",
        "en": "Typed DN Emetteur Certificat",
    },
    "web.dn_siren_label": {"fr": "SIREN du compte", "en": "The account's SIREN"},
    "web.dn_submit": {"fr": "Comparer", "en": "Compare"},
    "web.dn_result_ok": {
        "fr": "Tout correspond.",
        "en": "Everything matches.",
    },
    "web.dn_result_attention": {
        "fr": "Au moins une valeur ne correspond pas : voir ci-dessous.",
        "en": "At least one value does not match: see below.",
    },
    "web.dn_status": {"fr": "Statut", "en": "Status"},
    "web.dn_expected": {"fr": "Attendu", "en": "Expected"},
    "web.dn_submitted": {"fr": "Saisi", "en": "Typed"},
    "web.dn_csv_legend": {"fr": "Un tableau de saisies", "en": "A spreadsheet of submissions"},
    "web.dn_csv_label": {
        "fr": "Colonnes : « path » (le nom du fichier du certificat) ou « certificate » (le PEM), "
        "« subject », « issuer », « siren » ; séparateur « , », « ; » ou tabulation, UTF-8 ou "
        "Windows-1252.",
        "en": "Columns: path (the certificate's file name) or certificate (the PEM), subject, "
        "issuer, siren; separator , ; or tab, UTF-8 or Windows-1252.",
    },
    "web.dn_certificates_label": {
        "fr": "Les certificats nommés dans la colonne path",
        "en": "The certificates named in the path column",
    },
    "web.dn_csv_submit": {"fr": "Comparer le tableau", "en": "Compare the spreadsheet"},
    "web.dn_csv_download": {
        "fr": "Télécharger les résultats (CSV pour Excel)",
        "en": "Download the results (CSV for Excel)",
    },
    "web.dn_csv_summary": {
        "fr": "{rows} {rows:plural:one=ligne|many=de lignes|other=lignes} : {ok} "
        "{ok:plural:one=correcte|many=correctes|other=correctes}, {attention} à revoir, "
        "{errors} en erreur.",
        "en": "{rows} {rows:plural:one=row|other=rows}: {ok} fine, {attention} to review, "
        "{errors} in error.",
    },
    "web.dn_csv_windows_1252": {
        "fr": "{path} n'est pas en UTF-8 : il a été lu en Windows-1252 (le « CSV » d'Excel en "
        "France). Vérifiez les accents des résultats ; en cas de doute, enregistrez-le depuis "
        "Excel en « CSV UTF-8 » ou en .xlsx.",
        "en": "{path} is not UTF-8: it was read as Windows-1252 (what French Excel saves as "
        "CSV). Check the accents in the results; if in doubt, save it from Excel as “CSV UTF-8” "
        "or .xlsx.",
    },
    "web.dn_csv_shown": {
        "fr": "{shown:plural:one=La première ligne est affichée|many=Les {shown} premières lignes "
        "sont affichées|other=Les {shown} premières lignes sont affichées}"
        " ; le fichier de "
        "résultats les contient toutes.",
        "en": "{shown:plural:one=The first row is shown|other=The first {shown} rows are shown}"
        "; the results file holds them all.",
    },
    "web.dn_line": {"fr": "Ligne", "en": "Line"},
    # findings worded for the page where the CLI's advice is a command the page replaces
    "web.finding.checks.rgs_claimed": {
        "fr": "Niveau RGS {level} annoncé par la politique {oid} ({provider}), mais non prouvé : "
        "rien ne prouve que l'émetteur est {provider}. Pour le prouver, déposez le fichier qui "
        "contient aussi la chaîne (le certificat suivi des certificats de l'autorité : souvent le "
        "fichier « fullchain », ou le .p7b ou le .p12 livré par le prestataire).",
        "en": "RGS level {level} stated by policy {oid} ({provider}), but not proven: nothing "
        "proves the issuer is {provider}. To prove it, drop the file that also holds the chain "
        "(the certificate followed by its authority's certificates: often the “fullchain” file, or "
        "the .p7b or .p12 the provider delivered).",
    },
    "web.finding.checks.issuer_claimed": {
        "fr": "La politique {oid} appartient à l'arc de {provider}, mais rien ne prouve que "
        "l'émetteur est {provider} : déposez le fichier qui contient aussi la chaîne (le "
        "certificat suivi des certificats de l'autorité : souvent le fichier « fullchain », ou le "
        ".p7b ou le .p12 livré par le prestataire).",
        "en": "Policy {oid} belongs to {provider}'s arc, but nothing proves the issuer is "
        "{provider}: drop the file that also holds the chain (the certificate followed by its "
        "authority's certificates: often the “fullchain” file, or the .p7b or .p12 the provider "
        "delivered).",
    },
    "web.finding.checks.chain_not_checked": {
        "fr": "Chaîne non vérifiée : le certificat de l'émetteur {issuer} n'est pas dans le "
        "fichier, donc rien ne prouve qui a émis ce certificat ; déposez le fichier qui contient "
        "aussi la chaîne (le certificat suivi des certificats de l'autorité : souvent le fichier « "
        "fullchain », ou le .p7b ou le .p12 livré par le prestataire).",
        "en": "Chain not checked: the certificate of the issuer {issuer} is not in the file, so "
        "nothing proves who issued this certificate; drop the file that also holds the chain (the "
        "certificate followed by its authority's certificates: often the “fullchain” file, or the "
        ".p7b or .p12 the provider delivered).",
    },
    "web.finding.checks.chain_incomplete": {
        "fr": "Chaîne incomplète : il manque le certificat de {missing} ; déposez le fichier qui "
        "contient aussi la chaîne (le certificat suivi des certificats de l'autorité : souvent le "
        "fichier « fullchain », ou le .p7b ou le .p12 livré par le prestataire), ou demandez-la au "
        "prestataire.",
        "en": "Incomplete chain: the certificate of {missing} is missing; drop the file that also "
        "holds the chain (the certificate followed by its authority's certificates: often the "
        "“fullchain” file, or the .p7b or .p12 the provider delivered), or ask the provider for "
        "it.",
    },
    "web.finding.checks.issuer_unknown": {
        "fr": "Émetteur inconnu ({issuer}) : sa chaîne ne mène ni à la liste de confiance, ni aux "
        "autorités que ce service connaît. Vérifiez que le prestataire est référencé (liste LSTI) "
        "et déposez le fichier qui contient aussi la chaîne (le certificat suivi des certificats "
        "de l'autorité : souvent le fichier « fullchain », ou le .p7b ou le .p12 livré par le "
        "prestataire).",
        "en": "Unknown issuer ({issuer}): its chain leads neither to the trusted list nor to the "
        "authorities this service knows. Check that the provider is listed (LSTI list) and drop "
        "the file that also holds the chain (the certificate followed by its authority's "
        "certificates: often the “fullchain” file, or the .p7b or .p12 the provider delivered).",
    },
    "web.finding.checks.chain_untrusted_root": {
        "fr": "La chaîne se vérifie jusqu'à la racine {root}, qui n'est pas parmi les autorités de "
        "confiance de ce service : vérifiez auprès du prestataire qu'il délivre des certificats "
        "RGS.",
        "en": "The chain verifies up to root {root}, which is not among this service's trusted "
        "authorities: check with the provider that it issues RGS certificates.",
    },
    "web.finding.checks.revocation_no_issuer": {
        "fr": "Révocation non vérifiée ({method}) : le certificat de l'émetteur manque ; déposez "
        "le fichier qui contient aussi la chaîne (le certificat suivi des certificats de "
        "l'autorité : souvent le fichier « fullchain », ou le .p7b ou le .p12 livré par le "
        "prestataire).",
        "en": "Revocation not checked ({method}): the issuer's certificate is missing; drop the "
        "file that also holds the chain (the certificate followed by its authority's certificates: "
        "often the “fullchain” file, or the .p7b or .p12 the provider delivered).",
    },
    "web.finding.checks.rgs_unknown": {
        "fr": "Impossible de confirmer le niveau RGS (minimum {minimum}) : politiques {oids} "
        "inconnues de ce service (émetteur {issuer} ; prestataire : {providers}). Demandez au "
        "prestataire si ce certificat est bien de niveau RGS {minimum} ou plus, et sa politique de "
        "certification.",
        "en": "Cannot confirm the RGS level (minimum {minimum}): policies {oids} are unknown to "
        "this service (issuer {issuer}; provider: {providers}). Ask the provider whether this "
        "certificate is RGS level {minimum} or higher, and for its certificate policy.",
    },
    "web.finding.checks.private_key_present": {
        "fr": "Le fichier contient aussi la clé privée ({key_type}) : ce fichier-là ne doit jamais "
        "être envoyé. Le certificat peut être bon ; téléchargez plus bas « le fichier à "
        "téléverser », le certificat seul, sans clé.",
        "en": "The file also holds the private key ({key_type}): never send this file. The "
        "certificate may be fine; download “the file to upload” below: the certificate alone, "
        "without the key.",
    },
    "web.dn_row_status": {"fr": "Résultat", "en": "Result"},
    "web.dn_row_ok": {"fr": "correcte", "en": "fine"},
    "web.dn_row_attention": {"fr": "à revoir", "en": "to review"},
    "web.dn_row_error": {"fr": "en erreur", "en": "in error"},
    "web.dn_explanation": {"fr": "Explication", "en": "Explanation"},
    "web.dn_inline": {"fr": "(PEM dans le tableau)", "en": "(PEM in the table)"},
    "web.dn_csv_download_xlsx": {
        "fr": "Télécharger les résultats (Excel .xlsx)",
        "en": "Download the results (Excel .xlsx)",
    },
    "web.bad_format": {
        "fr": "format « {value} » inconnu : json, csv ou xlsx.",
        "en": "unknown format “{value}”: json, csv or xlsx.",
    },
    "web.dn_table_label": {
        "fr": "Tableau des saisies (.csv ou .xlsx)",
        "en": "Spreadsheet of submissions (.csv or .xlsx)",
    },
    "web.dn_no_certificate": {
        "fr": "Ligne {line} : aucun certificat (ni colonne « certificate », ni fichier « {path} » "
        "envoyé).",
        "en": "Line {line}: no certificate (no certificate column, no file “{path}” uploaded).",
    },
}
