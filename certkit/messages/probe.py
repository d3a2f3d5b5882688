"""Messages of ``certkit probe``: input errors, the step-by-step report and the diagnosis."""

MESSAGES: dict[str, dict[str, str]] = {
    # bad input
    "probe.bad_url": {
        "fr": "{url} : URL invalide ; attendu https://HÔTE[:PORT][/CHEMIN].",
        "en": "{url}: invalid URL; expected https://HOST[:PORT][/PATH].",
    },
    "probe.no_certificate": {
        "fr": "{path} : aucun certificat dans ce fichier.",
        "en": "{path}: this file holds no certificate.",
    },
    "probe.no_key": {
        "fr": "{path} ne contient pas de clé privée : donnez-la avec --key FICHIER (ou un PKCS#12 "
        "qui contient clé et certificat).",
        "en": "{path} holds no private key: give it with --key FILE (or a PKCS#12 holding both the "
        "key and the certificate).",
    },
    "probe.nagios_needs_cert": {
        "fr": "--nagios surveille un certificat client : donnez-le avec --cert (et --key).",
        "en": "--nagios watches a client certificate: give it with --cert (and --key).",
    },
    "probe.key_without_cert": {
        "fr": "--key sans --cert : donnez le certificat avec --cert FICHIER (ou aucun des deux "
        "pour voir ce que le serveur demande).",
        "en": "--key without --cert: give the certificate with --cert FILE (or neither, to see "
        "what the server asks for).",
    },
    "probe.cert_unusable": {
        "fr": "{path} : OpenSSL ne peut pas présenter ce certificat ou cette clé ({reason}).",
        "en": "{path}: OpenSSL cannot present this certificate or key ({reason}).",
    },
    "probe.bad_tls_version": {
        "fr": "--tls-version {value} : valeurs possibles 1.2 ou 1.3.",
        "en": "--tls-version {value}: allowed values are 1.2 or 1.3.",
    },
    # report headings
    "probe.step_tcp": {"fr": "Connexion TCP", "en": "TCP connect"},
    "probe.step_tls": {"fr": "Négociation TLS", "en": "TLS handshake"},
    "probe.step_server_chain": {"fr": "Chaîne du serveur", "en": "Server chain"},
    "probe.step_client_auth": {"fr": "Certificat client", "en": "Client certificate"},
    "probe.step_http": {"fr": "Requête HTTP", "en": "HTTP request"},
    "probe.step_diagnosis": {"fr": "DIAGNOSTIC", "en": "DIAGNOSIS"},
    "probe.yes": {"fr": "oui", "en": "yes"},
    "probe.no": {"fr": "non", "en": "no"},
    "probe.unknown": {"fr": "inconnu", "en": "unknown"},
    "probe.not_reached": {"fr": "non atteint", "en": "not reached"},
    "probe.line_connected": {
        "fr": "connecté à {host}:{port}",
        "en": "connected to {host}:{port}",
    },
    "probe.line_tls": {
        "fr": "{version}, suite {cipher}",
        "en": "{version}, cipher {cipher}",
    },
    "probe.line_handshake_ok": {"fr": "négociation réussie", "en": "handshake succeeded"},
    "probe.line_handshake_failed": {
        "fr": "négociation échouée : {reason}",
        "en": "handshake failed: {reason}",
    },
    "probe.line_alert": {
        "fr": "alerte reçue du serveur : {number} {name} ({level})",
        "en": "alert received from the server: {number} {name} ({level})",
    },
    "probe.line_chain_entry": {
        "fr": "[{index}] {subject}\n      émetteur {issuer}, expire le {not_after}",
        "en": "[{index}] {subject}\n      issuer {issuer}, expires {not_after}",
    },
    "probe.line_server_verified": {
        "fr": "vérifiée contre {anchors} : {verdict}",
        "en": "verifies against {anchors}: {verdict}",
    },
    "probe.line_requested": {
        "fr": "le serveur demande un certificat client : {value}",
        "en": "the server asks for a client certificate: {value}",
    },
    "probe.line_required": {
        "fr": "le serveur l'exige (refuse une connexion sans certificat) : {value}",
        "en": "the server requires it (refuses a connection without one): {value}",
    },
    "probe.line_none_sent": {
        "fr": "sondage sans certificat client (--cert non donné)",
        "en": "probed without a client certificate (no --cert)",
    },
    "probe.cert_required": {
        "fr": "le serveur exige un certificat client : sans certificat, il a refusé la "
        "connexion (alerte {alert}).",
        "en": "the server requires a client certificate: without one it refused the connection "
        "(alert {alert}).",
    },
    "probe.cert_optional": {
        "fr": "le serveur demande un certificat client sans l'exiger en TLS : sans certificat, "
        "il a répondu HTTP {status} {error} (le refus, s'il y en a un, vient de l'application).",
        "en": "the server asks for a client certificate without requiring it in TLS: without "
        "one it answered HTTP {status} {error} (any refusal comes from the application).",
    },
    "probe.accepted_cas": {
        "fr": "le serveur accepte les certificats de : {accepted}. Achetez-en un chez ces "
        "prestataires : {providers} (ou chez un revendeur de ces AC).",
        "en": "the server accepts certificates from: {accepted}. Buy one from these providers: "
        "{providers} (or a reseller of these CAs).",
    },
    "probe.accepts_unnamed_cas": {
        "fr": "le serveur demande un certificat client mais n'annonce aucune AC : il peut "
        "accepter toute AC ou trier après coup ; demandez à l'exploitant quelles AC il accepte.",
        "en": "the server asks for a client certificate but names no CA: it may accept any CA or "
        "sort them out later; ask its operator which CAs it accepts.",
    },
    "probe.line_acceptable": {
        "fr": "AC acceptées annoncées par le serveur :",
        "en": "acceptable CA names sent by the server:",
    },
    "probe.line_acceptable_none": {
        "fr": "aucune AC annoncée (le serveur n'envoie pas de liste)",
        "en": "no CA names sent (the server sends no list)",
    },
    "probe.line_ours": {
        "fr": "notre certificat : {subject}\n    émis par {issuer} — parmi les AC acceptées : "
        "{value}",
        "en": "our certificate: {subject}\n    issued by {issuer} — among the accepted CAs: "
        "{value}",
    },
    "probe.line_http": {
        "fr": "GET {path} → {status}",
        "en": "GET {path} → {status}",
    },
    "probe.system_roots": {"fr": "les AC du système", "en": "the system roots"},
    # diagnosis findings
    "probe.ok": {
        "fr": "la requête a réussi (HTTP {status}) : le serveur accepte ce certificat.",
        "en": "the request succeeded (HTTP {status}): the server accepts this certificate.",
    },
    "probe.key_mismatch": {
        "fr": "la clé privée ({key}) ne correspond pas au certificat ({subject}) : donnez la clé "
        "générée avec la demande de ce certificat (aucune connexion n'a été tentée).",
        "en": "the private key ({key}) does not match the certificate ({subject}): give the key "
        "generated with this certificate's request (no connection was attempted).",
    },
    "probe.cert_expired": {
        "fr": "votre certificat a expiré le {not_after:date} : faites-le renouveler, puis "
        "enregistrez "
        "le nouveau dans un emplacement libre du compte.",
        "en": "your certificate expired on {not_after:date}: renew it, then register the new one "
        "in a "
        "free slot of the account.",
    },
    "probe.cert_not_yet_valid": {
        "fr": "votre certificat n'est valable qu'à partir du {not_before} : attendez cette date ou "
        "vérifiez l'horloge de la machine.",
        "en": "your certificate is only valid from {not_before}: wait for that date or check this "
        "machine's clock.",
    },
    "probe.cert_not_client_auth": {
        "fr": "votre certificat n'est pas un certificat d'authentification client (usages : "
        "{usages}) : le registre exige un certificat serveur-client (clientAuth).",
        "en": "your certificate is not a client authentication certificate (usages: {usages}): "
        "the registry requires a server-client certificate (clientAuth).",
    },
    "probe.tcp_failed": {
        "fr": "connexion TCP impossible à {host}:{port} ({reason}) : vérifiez l'adresse, le port, "
        "le pare-feu ou le proxy.",
        "en": "cannot connect to {host}:{port} ({reason}): check the address, the port, the "
        "firewall or proxy.",
    },
    "probe.handshake_failed": {
        "fr": "la négociation TLS a échoué sans alerte ({reason}).",
        "en": "the TLS handshake failed without an alert ({reason}).",
    },
    "probe.issuer_not_accepted": {
        "fr": "le serveur n'accepte pas les certificats de votre AC ({issuer}) : il accepte "
        "{accepted}. Utilisez un certificat émis par l'une de ces AC.",
        "en": "the server does not accept certificates from your CA ({issuer}): it accepts "
        "{accepted}. Use a certificate issued by one of these CAs.",
    },
    "probe.alert_unknown_ca": {
        "fr": "le serveur a refusé votre certificat (alerte {alert}) : il ne fait pas confiance à "
        "votre AC ({issuer}) ou il manque un certificat intermédiaire ; AC acceptées : {accepted}.",
        "en": "the server refused your certificate (alert {alert}): it does not trust your CA "
        "({issuer}) or an intermediate certificate is missing; accepted CAs: {accepted}.",
    },
    "probe.alert_certificate_expired": {
        "fr": "le serveur a refusé votre certificat comme expiré (alerte {alert}) ; il expire le "
        "{not_after:date} : faites-le renouveler.",
        "en": "the server refused your certificate as expired (alert {alert}); it expires on "
        "{not_after:date}: renew it.",
    },
    "probe.alert_unsupported_certificate": {
        "fr": "le serveur a refusé votre certificat comme inadapté (alerte {alert}) : il n'est pas "
        "fait pour l'authentification client (extendedKeyUsage sans clientAuth).",
        "en": "the server refused your certificate as unsuitable (alert {alert}): it is not meant "
        "for client authentication (extendedKeyUsage without clientAuth).",
    },
    "probe.alert_certificate_required": {
        "fr": "le serveur exige un certificat client et n'en a pas reçu (alerte {alert}) : "
        "vérifiez que votre client envoie bien le certificat et sa clé ; AC acceptées : "
        "{accepted}.",
        "en": "the server requires a client certificate and got none (alert {alert}): check that "
        "your client sends the certificate and its key; accepted CAs: {accepted}.",
    },
    "probe.alert_bad_certificate": {
        "fr": "le serveur a refusé votre certificat (alerte {alert}) : signature, chaîne ou "
        "contenu non accepté ; AC acceptées : {accepted}.",
        "en": "the server refused your certificate (alert {alert}): signature, chain or content "
        "not accepted; accepted CAs: {accepted}.",
    },
    "probe.alert_certificate_revoked": {
        "fr": "le serveur indique que votre certificat est révoqué (alerte {alert}) : demandez-en "
        "un nouveau.",
        "en": "the server says your certificate is revoked (alert {alert}): order a new one.",
    },
    "probe.alert_certificate_unknown": {
        "fr": "le serveur a refusé votre certificat (alerte {alert}) sans préciser pourquoi ; AC "
        "acceptées : {accepted}.",
        "en": "the server refused your certificate (alert {alert}) without saying why; accepted "
        "CAs: {accepted}.",
    },
    "probe.alert_access_denied": {
        "fr": "le serveur refuse l'accès à ce certificat (alerte {alert}).",
        "en": "the server denies access to this certificate (alert {alert}).",
    },
    "probe.alert_protocol_version": {
        "fr": "le serveur refuse cette version de TLS (alerte {alert}) : essayez --tls-version 1.2 "
        "ou 1.3.",
        "en": "the server refuses this TLS version (alert {alert}): try --tls-version 1.2 or 1.3.",
    },
    "probe.alert_handshake_failure": {
        "fr": "la négociation a échoué (alerte {alert}) : aucune suite ou version commune, ou "
        "certificat client exigé mais absent ; AC acceptées : {accepted}.",
        "en": "the handshake failed (alert {alert}): no common cipher or version, or a client "
        "certificate required but missing; accepted CAs: {accepted}.",
    },
    "probe.alert_other": {
        "fr": "le serveur a interrompu la négociation (alerte {alert}) : {reason}.",
        "en": "the server aborted the handshake (alert {alert}): {reason}.",
    },
    "probe.no_client_cert_request": {
        "fr": "le serveur n'a pas demandé de certificat client : ce n'est pas une authentification "
        "mutuelle (mauvaise URL, ou le serveur ne l'exige pas à cet endroit).",
        "en": "the server did not ask for a client certificate: this is not mutual TLS (wrong URL, "
        "or the server does not require it there).",
    },
    "probe.server_not_trusted": {
        "fr": "le certificat du serveur n'est pas vérifié ({reason}) : donnez l'AC du serveur "
        "avec --trust FICHIER.",
        "en": "the server's certificate does not verify ({reason}): give the server's CA with "
        "--trust FILE.",
    },
    "probe.server_name_mismatch": {
        "fr": "le certificat du serveur ({subject}) ne couvre pas le nom {host}.",
        "en": "the server's certificate ({subject}) does not cover the name {host}.",
    },
    "probe.closed_after_handshake": {
        "fr": "le serveur a coupé la connexion juste après la négociation TLS 1.3 ({reason}) : "
        "c'est souvent un refus du certificat client dont l'alerte s'est perdue ; vérifiez que "
        "votre AC fait partie des AC acceptées : {accepted}.",
        "en": "the server dropped the connection right after the TLS 1.3 handshake ({reason}): "
        "often a refused client certificate whose alert got lost; check that your CA is among "
        "the accepted CAs: {accepted}.",
    },
    "probe.http_failed": {
        "fr": "la requête HTTP a échoué : {reason}.",
        "en": "the HTTP request failed: {reason}.",
    },
    "probe.http_status": {
        "fr": "la négociation a réussi mais GET {path} répond HTTP {status} {error}.",
        "en": "the handshake succeeded but GET {path} answered HTTP {status} {error}.",
    },
    "probe.platform_dn_not_registered": {
        "fr": "la négociation a réussi mais la plateforme refuse le DN (HTTP {status} "
        "DN_NOT_REGISTERED) : enregistrez sur le compte « DN Certificat client » = {subject} et "
        "« DN Emetteur Certificat » = {issuer}.",
        "en": "the handshake succeeded but the platform refused the DN (HTTP {status} "
        'DN_NOT_REGISTERED): register on the account "DN Certificat client" = {subject} and '
        '"DN Emetteur Certificat" = {issuer}.',
    },
    "probe.platform_issuer_not_registered": {
        "fr": "la négociation a réussi mais l'émetteur enregistré ne correspond pas (HTTP {status} "
        "ISSUER_NOT_REGISTERED) : mettez « DN Emetteur Certificat » = {issuer}.",
        "en": "the handshake succeeded but the registered issuer does not match (HTTP {status} "
        'ISSUER_NOT_REGISTERED): set "DN Emetteur Certificat" = {issuer}.',
    },
    "probe.platform_siren_mismatch": {
        "fr": "la négociation a réussi mais le SIREN du certificat n'est pas celui du compte "
        "(HTTP {status} SIREN_MISMATCH) : enregistrez le certificat sur le compte de la société "
        "qu'il nomme ({subject}).",
        "en": "the handshake succeeded but the certificate's SIREN is not the account's "
        "(HTTP {status} SIREN_MISMATCH): register the certificate on the account of the company "
        "it names ({subject}).",
    },
    "probe.platform_siren_missing": {
        "fr": "la négociation a réussi mais le certificat ne porte pas de SIREN (HTTP {status} "
        "SIREN_MISSING) : il faut un certificat au nom de la société avec son SIREN.",
        "en": "the handshake succeeded but the certificate carries no SIREN (HTTP {status} "
        "SIREN_MISSING): a certificate naming the company with its SIREN is required.",
    },
    "probe.platform_no_client_certificate": {
        "fr": "la négociation a réussi sans certificat client et la plateforme le refuse "
        "(HTTP {status} NO_CLIENT_CERTIFICATE) : présentez le certificat du syndic.",
        "en": "the handshake succeeded without a client certificate and the platform refuses it "
        "(HTTP {status} NO_CLIENT_CERTIFICATE): present the syndic's certificate.",
    },
}
