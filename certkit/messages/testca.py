"""Messages of the test CA (library and ``certkit testca``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "testca.profile_invalid": {
        "fr": "{path} : profil invalide ({reason}) ; corrigez le fichier (schéma dans "
        "test_ca/README.md).",
        "en": "{path}: invalid profile ({reason}); fix the file (schema in test_ca/README.md).",
    },
    "testca.profile_unknown": {
        "fr": "profil inconnu « {name} » ; profils disponibles : {known}.",
        "en": "unknown profile '{name}'; available profiles: {known}.",
    },
    "testca.profile_file_missing": {
        "fr": "{path} : fichier de profil introuvable.",
        "en": "{path}: profile file not found.",
    },
    "testca.profile_dir_missing": {
        "fr": "{path} : dossier de profils introuvable (--profile-dir).",
        "en": "{path}: profile directory not found (--profile-dir).",
    },
    "testca.key_type_unknown": {
        "fr": "type de clé « {key_type} » inconnu ; choisissez parmi : {known}.",
        "en": "unknown key type '{key_type}'; choose one of: {known}.",
    },
    "testca.dir_not_empty": {
        "fr": "{path} n'est pas vide : choisissez un dossier nouveau ou vide pour créer l'AC.",
        "en": "{path} is not empty: choose a new or empty directory for the CA.",
    },
    "testca.dir_is_file": {
        "fr": "{path} est un fichier : donnez un dossier pour créer l'AC.",
        "en": "{path} is a file: give a directory for the CA.",
    },
    "testca.dir_create_failed": {
        "fr": "{path} : impossible de créer le dossier ({reason}).",
        "en": "{path}: cannot create the directory ({reason}).",
    },
    "testca.not_a_ca": {
        "fr": "{path} n'est pas une AC de test certkit (pas de certkit-ca.json) ; créez-la avec "
        "« certkit testca init {path} ».",
        "en": "{path} is not a certkit test CA (no certkit-ca.json); create one with "
        "'certkit testca init {path}'.",
    },
    "testca.manifest_invalid": {
        "fr": "{path} : manifeste d'AC illisible ({reason}) ; recréez l'AC avec "
        "« certkit testca init ».",
        "en": "{path}: unreadable CA manifest ({reason}); recreate the CA with "
        "'certkit testca init'.",
    },
    "testca.index_invalid": {
        "fr": "{path}, ligne {line} : index de l'AC illisible ({reason}).",
        "en": "{path}, line {line}: unreadable CA index ({reason}).",
    },
    "testca.siren_required": {
        "fr": "le profil {profile} met un SIREN dans le certificat : donnez --siren NUMÉRO "
        "(ou --siren random).",
        "en": "profile {profile} puts a SIREN in the certificate: give --siren NUMBER "
        "(or --siren random).",
    },
    "testca.siren_format": {
        "fr": "SIREN « {siren} » invalide : il faut exactement 9 chiffres (ajoutez "
        "--allow-invalid-siren pour un test négatif).",
        "en": "invalid SIREN '{siren}': it must be exactly 9 digits (add --allow-invalid-siren "
        "for a negative test).",
    },
    "testca.siren_luhn": {
        "fr": "SIREN « {siren} » invalide : la clé de Luhn ne correspond pas (faute de frappe ?) ; "
        "ajoutez --allow-invalid-siren pour un test négatif.",
        "en": "invalid SIREN '{siren}': the Luhn check digit does not match (typo?); add "
        "--allow-invalid-siren for a negative test.",
    },
    "testca.subject_invalid": {
        "fr": "valeur refusée pour l'attribut {attribute} du sujet (« {value} ») : {reason}.",
        "en": "value refused for subject attribute {attribute} ('{value}'): {reason}.",
    },
    "testca.validity_inverted": {
        "fr": "période de validité vide : le début ({not_before}) n'est pas avant la fin "
        "({not_after}).",
        "en": "empty validity period: the start ({not_before}) is not before the end "
        "({not_after}).",
    },
    "testca.output_exists": {
        "fr": "{path} existe déjà : choisissez un autre préfixe ou ajoutez --force.",
        "en": "{path} already exists: choose another prefix or add --force.",
    },
    "testca.output_dir_missing": {
        "fr": "{path} : le dossier de destination n'existe pas.",
        "en": "{path}: the destination folder does not exist.",
    },
    "testca.sha1_key_type": {
        "fr": "signature SHA-1 impossible avec ce type de clé d'AC (EC ou RSA seulement).",
        "en": "cannot sign with SHA-1 using this CA key type (EC or RSA only).",
    },
    "testca.serial_unknown": {
        "fr": "numéro de série {serial} inconnu de cette AC (voir « certkit testca list »).",
        "en": "serial {serial} was not issued by this CA (see 'certkit testca list').",
    },
    "testca.serial_invalid": {
        "fr": "« {value} » n'est ni un numéro de série hexadécimal ni un fichier de certificat.",
        "en": "'{value}' is neither a hexadecimal serial number nor a certificate file.",
    },
    "testca.not_issued_here": {
        "fr": "le certificat {serial} n'a pas été émis par cette AC.",
        "en": "certificate {serial} was not issued by this CA.",
    },
    "testca.already_revoked": {
        "fr": "le certificat {serial} est déjà révoqué.",
        "en": "certificate {serial} is already revoked.",
    },
    "testca.reason_unknown": {
        "fr": "motif de révocation « {reason} » inconnu ; motifs : {known}.",
        "en": "unknown revocation reason '{reason}'; reasons: {known}.",
    },
    "testca.cert_unreadable": {
        "fr": "{path} : certificat illisible ({reason}).",
        "en": "{path}: unreadable certificate ({reason}).",
    },
    "testca.p12_needs_password": {
        "fr": "--p12 demande un mot de passe : --password-file FICHIER ou --password-env VARIABLE.",
        "en": "--p12 needs a password: --password-file FILE or --password-env VAR.",
    },
    "testca.port_unavailable": {
        "fr": "impossible d'écouter sur {host}:{port} ({reason}) : choisissez un autre --port.",
        "en": "cannot listen on {host}:{port} ({reason}): choose another --port.",
    },
    "testca.initialized": {
        "fr": "AC de test créée dans {path} (racine : {root}, émettrice : {issuer}).",
        "en": "Test CA created in {path} (root: {root}, issuing CA: {issuer}).",
    },
    "testca.issued": {
        "fr": "Certificat émis (profil {profile}, série {serial}) : {subject}",
        "en": "Issued certificate (profile {profile}, serial {serial}): {subject}",
    },
    "testca.written": {
        "fr": "  écrit : {path}",
        "en": "  wrote: {path}",
    },
    "testca.not_written": {
        "fr": "  (aucun fichier écrit : ajoutez -o PRÉFIXE pour enregistrer certificat et clé)",
        "en": "  (no file written: add -o PREFIX to save the certificate and key)",
    },
    "testca.revoked": {
        "fr": "Certificat {serial} révoqué (motif : {reason}). Publiez la CRL avec "
        "« certkit testca crl ».",
        "en": "Certificate {serial} revoked (reason: {reason}). Publish the CRL with "
        "'certkit testca crl'.",
    },
    "testca.list_empty": {
        "fr": "Aucun certificat émis par cette AC.",
        "en": "No certificate issued by this CA yet.",
    },
    "testca.outlives_issuer": {
        "fr": "le certificat finirait le {not_after}, après son AC émettrice ({issuer_not_after}) "
        ": donnez --days {days} au plus, ou --beyond-issuer pour le vouloir ainsi (test "
        "négatif).",
        "en": "the certificate would end on {not_after}, after its issuing CA "
        "({issuer_not_after}): give --days {days} or fewer, or --beyond-issuer to want it so "
        "(negative test).",
    },
    "testca.days_out_of_range": {
        "fr": "--days {days} : une date X.509 s'arrête en 9999 ; {limit} "
        "{limit:plural:one=jour|"
        "many=de jours|other=jours}"
        " au plus depuis le "
        "début de validité.",
        "en": "--days {days}: X.509 dates end in 9999; at most {limit} "
        "{limit:plural:one=day|"
        "other=days}"
        " from the start of "
        "validity.",
    },
    "testca.output_is_link": {
        "fr": "{path} est un lien symbolique : donnez un autre préfixe, ou --force pour écrire "
        "le fichier vers lequel il pointe.",
        "en": "{path} is a symbolic link: give another prefix, or --force to write the file it "
        "points to.",
    },
    "testca.output_not_regular": {
        "fr": "{path} n'est pas un fichier ordinaire (dossier, périphérique, tube ou socket) : "
        "choisissez un autre préfixe.",
        "en": "{path} is not a regular file (folder, device, pipe or socket): choose another "
        "prefix.",
    },
    "testca.write_failed": {
        "fr": "{path} : écriture impossible ({reason}).",
        "en": "{path}: cannot write ({reason}).",
    },
    "testca.csr_unreadable": {
        "fr": "{path} : pas une demande de certificat PKCS#10 lisible ({reason}) ; donnez un "
        "fichier .csr en PEM ou DER.",
        "en": "{path}: not a readable PKCS#10 certificate request ({reason}); give a .csr file "
        "in PEM or DER.",
    },
    "testca.csr_bad_signature": {
        "fr": "{path} : la signature de la demande ne correspond pas à sa clé (demande altérée "
        "ou signée par une autre clé) ; refaites la demande.",
        "en": "{path}: the request's signature does not match its key (altered, or signed by "
        "another key); make the request again.",
    },
    "testca.csr_key_weak": {
        "fr": "la clé de la demande ({key}, {strength} bits de sécurité) est trop faible pour le "
        "profil {profile} (au moins {minimum} : RSA 2048 ou EC P-256, annexe B1 du RGS).",
        "en": "the request's key ({key}, {strength} bits of security) is too weak for profile "
        "{profile} (at least {minimum}: RSA 2048 or EC P-256, RGS annex B1).",
    },
    "testca.csr_key_unsupported": {
        "fr": "la clé de la demande ({key}) n'est pas d'un type que le profil {profile} certifie "
        "(RSA ou EC P-256/P-384/P-521).",
        "en": "the request's key ({key}) is not of a kind profile {profile} certifies (RSA or "
        "EC P-256/P-384/P-521).",
    },
    "testca.csr_siren_missing": {
        "fr": "le profil {profile} met un SIREN dans le certificat, et la demande n'en porte "
        "pas : donnez --siren NUMÉRO (le sujet suit alors le modèle du profil).",
        "en": "profile {profile} puts a SIREN in the certificate and the request carries none: "
        "give --siren NUMBER (the subject then follows the profile's template).",
    },
    "testca.csr_subject_unusable": {
        "fr": "{path} : le sujet de la demande ne peut pas être repris ({reason}) ; donnez "
        "--profile-subject (ou --cn, --org, --siren) pour le construire selon le profil.",
        "en": "{path}: the request's subject cannot be reused ({reason}); give "
        "--profile-subject (or --cn, --org, --siren) to build it from the profile.",
    },
    "testca.signed": {
        "fr": "certificat signé ({profile}), numéro de série {serial} : {subject}",
        "en": "signed certificate ({profile}), serial {serial}: {subject}",
    },
    "testca.status_valid": {"fr": "valide", "en": "valid"},
    "testca.status_revoked": {"fr": "révoqué", "en": "revoked"},
    "testca.status_expired": {"fr": "expiré", "en": "expired"},
    "testca.sign_needs_output": {
        "fr": "--csr - lit la demande sur l'entrée standard : donnez le préfixe des fichiers à "
        "écrire avec -o PRÉFIXE.",
        "en": "--csr - reads the request from standard input: give the prefix of the files to "
        "write with -o PREFIX.",
    },
}
