"""Messages of the certificate loader."""

MESSAGES: dict[str, dict[str, str]] = {
    "sources.not_found": {
        "fr": "{path} : fichier introuvable ; vérifiez le chemin.",
        "en": "{path}: no such file; check the path.",
    },
    "sources.permission_denied": {
        "fr": "{path} : lecture refusée (droits du fichier) ; lancez la commande avec un compte "
        "qui peut le lire.",
        "en": "{path}: permission denied; run the command as a user who can read it.",
    },
    "sources.is_directory": {
        "fr": "{path} est un dossier : donnez le chemin d'un fichier de certificat.",
        "en": "{path} is a directory: give the path of a certificate file.",
    },
    "sources.unreadable": {
        "fr": "{path} : lecture impossible ({reason}).",
        "en": "{path}: cannot read the file ({reason}).",
    },
    "sources.too_large": {
        "fr": "{path} : fichier trop gros pour un certificat (plus de {limit_mib} Mio).",
        "en": "{path}: too large for a certificate file (over {limit_mib} MiB).",
    },
    "sources.empty": {
        "fr": "{path} : le fichier est vide ; téléchargez à nouveau le certificat.",
        "en": "{path}: the file is empty; download the certificate again.",
    },
    "sources.not_certificate": {
        "fr": "{path} : ce n'est pas un fichier de certificat (ni PEM, ni DER, ni PKCS#7, ni "
        "PKCS#12) ; vérifiez que vous avez choisi le bon fichier.",
        "en": "{path}: not a certificate file (neither PEM, DER, PKCS#7 nor PKCS#12); check that "
        "you picked the right file.",
    },
    "sources.truncated_pem": {
        "fr": "{path} : le bloc PEM « {label} » commence mais ne se termine pas : le fichier est "
        "tronqué ; récupérez-le à nouveau en entier.",
        "en": "{path}: the PEM block '{label}' starts but never ends: the file is truncated; "
        "get a complete copy again.",
    },
    "sources.bad_base64": {
        "fr": "{path} : le contenu du bloc PEM « {label} » n'est pas du base64 valide (fichier "
        "abîmé ou modifié à la main) ; récupérez-le à nouveau.",
        "en": "{path}: the PEM block '{label}' does not hold valid base64 (damaged or hand-edited "
        "file); get it again.",
    },
    "sources.bad_certificate": {
        "fr": "{path} : le certificat n°{index} est illisible ({reason}).",
        "en": "{path}: certificate #{index} cannot be parsed ({reason}).",
    },
    "sources.bad_pkcs7": {
        "fr": "{path} : paquet PKCS#7 illisible ({reason}).",
        "en": "{path}: unreadable PKCS#7 bundle ({reason}).",
    },
    "sources.pkcs7_empty": {
        "fr": "{path} : le paquet PKCS#7 ne contient aucun certificat.",
        "en": "{path}: the PKCS#7 bundle holds no certificate.",
    },
    "sources.csr_only": {
        "fr": "{path} est une demande de certificat (CSR), pas un certificat : envoyez-la à votre "
        "autorité de certification et utilisez le certificat qu'elle vous renvoie.",
        "en": "{path} is a certificate signing request (CSR), not a certificate: send it to your "
        "certificate authority and use the certificate it returns.",
    },
    "sources.crl_only": {
        "fr": "{path} est une liste de révocation (CRL), pas un certificat.",
        "en": "{path} is a certificate revocation list (CRL), not a certificate.",
    },
    "sources.key_only": {
        "fr": "{path} ne contient qu'une clé privée, aucun certificat : donnez le fichier du "
        "certificat (.pem, .cer, .crt) ou le PKCS#12 (.p12, .pfx).",
        "en": "{path} holds only a private key, no certificate: give the certificate file "
        "(.pem, .cer, .crt) or the PKCS#12 (.p12, .pfx).",
    },
    "sources.unsupported_pem": {
        "fr": "{path} : bloc PEM « {label} » non pris en charge : ce fichier ne contient pas de "
        "certificat.",
        "en": "{path}: unsupported PEM block '{label}': this file holds no certificate.",
    },
    "sources.pkcs12_bad_password": {
        "fr": "{path} : mot de passe PKCS#12 incorrect (ou fichier abîmé) ; vérifiez le mot de "
        "passe donné avec --password-file ou --password-env.",
        "en": "{path}: wrong PKCS#12 password (or damaged file); check the password given with "
        "--password-file or --password-env.",
    },
    "sources.password_needed": {
        "fr": "{path} est protégé par un mot de passe : donnez-le avec --password-file FICHIER ou "
        "--password-env VARIABLE.",
        "en": "{path} is password-protected: give the password with --password-file FILE or "
        "--password-env VAR.",
    },
    "sources.pkcs12_no_certificate": {
        "fr": "{path} : le fichier PKCS#12 ne contient aucun certificat.",
        "en": "{path}: the PKCS#12 file holds no certificate.",
    },
    "sources.no_private_key": {
        "fr": "{path} ne contient pas de clé privée : donnez aussi le fichier de la clé (--key).",
        "en": "{path} holds no private key: also give the key file (--key).",
    },
    "sources.key_bad_password": {
        "fr": "{path} : mot de passe de la clé privée incorrect.",
        "en": "{path}: wrong password for the private key.",
    },
    "sources.bad_key": {
        "fr": "{path} : clé privée illisible ({reason}).",
        "en": "{path}: unreadable private key ({reason}).",
    },
    "sources.pkcs12_too_costly": {
        "fr": "{path} : PKCS#12 protégé par {iterations} itérations (au-delà de {limit}, la "
        "limite de certkit) : le déchiffrer prendrait des minutes. Exportez-le à nouveau avec un "
        "nombre d'itérations usuel (openssl pkcs12 -export -iter 2048).",
        "en": "{path}: PKCS#12 protected with {iterations} iterations (over certkit's limit of "
        "{limit}): decrypting it would take minutes. Export it again with a usual count "
        "(openssl pkcs12 -export -iter 2048).",
    },
    "sources.not_regular": {
        "fr": "{path} : ignoré, ce n'est pas un fichier ordinaire ({kind}).",
        "en": "{path}: skipped, not a regular file ({kind}).",
    },
    "sources.too_many": {
        "fr": "{path} : plus de {limit} {limit:plural:one=certificat|many=de certificats|"
        "other=certificats} dans un seul fichier (la limite de certkit) ; découpez-le en "
        "plusieurs fichiers.",
        "en": "{path}: more than {limit} {limit:plural:one=certificate|other=certificates} in one "
        "file (certkit's limit); split it into several files.",
    },
    "sources.not_der_for_tls": {
        "fr": "{path} : le certificat n°{index} n'est pas en DER (certkit inspect détaille les "
        "écarts) : certkit ne peut pas le présenter dans une poignée de main TLS ; demandez un "
        "certificat correctement encodé.",
        "en": "{path}: certificate #{index} is not DER (certkit inspect lists what departs): "
        "certkit cannot present it in a TLS handshake; ask for a correctly encoded certificate.",
    },
}
