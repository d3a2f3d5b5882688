"""Messages of the fitness checks (``certkit check``, ``certkit checks list``) and chain I/O."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- file ------------------------------------------------------------------------------
    "checks.private_key_present": {
        "fr": "Le fichier contient aussi la clé privée ({key_type}) : ce fichier-là ne doit jamais "
        "être envoyé. Le certificat peut être bon ; produisez le fichier à téléverser, sans clé : "
        "certkit export {file}{options} -o a-televerser{suffix}",
        "en": "The file also holds the private key ({key_type}): never send this file. The "
        "certificate may be fine; make the file to upload, without the key: "
        "certkit export {file}{options} -o to-upload{suffix}",
    },
    "checks.no_private_key": {
        "fr": "Pas de clé privée dans le fichier : il peut être téléversé.",
        "en": "No private key in the file: it can be uploaded.",
    },
    "checks.leaf_found": {
        "fr": "Certificat client trouvé ({count} {count:plural:one=certificat|many=de certificats|"
        "other=certificats} dans le fichier) : {subject}.",
        "en": "Client certificate found ({count} {count:plural:one=certificate|"
        "other=certificates} in the file): {subject}.",
    },
    "checks.leaf_ambiguous": {
        "fr": "Le fichier contient {count} "
        "{count:plural:one=certificat final|many=de "
        "certificats finaux|other=certificats finaux}"
        " sans lien entre eux ({subjects}) : "
        "impossible de savoir lequel est le vôtre. Gardez un seul certificat client par fichier.",
        "en": "The file holds {count} "
        "{count:plural:one=unrelated end certificate|"
        "other=unrelated end certificates}"
        " ({subjects}): cannot tell which "
        "one is yours. Keep one client certificate per file.",
    },
    "checks.chain_only": {
        "fr": "Ce fichier ne contient que la chaîne (certificats d'autorité, {count} au total), "
        "pas votre certificat : prenez le fichier du certificat délivré à votre société (souvent "
        "livré à côté de celui-ci).",
        "en": "This file holds only the chain (CA certificates, {count} in all), not your "
        "certificate: take the file of the certificate issued to your company (usually "
        "delivered next to this one).",
    },
    "checks.leaf_not_found": {
        "fr": "Aucun certificat final parmi les {count} "
        "{count:plural:one=certificat|"
        "many=certificats|other=certificats}"
        " du fichier (ils s'émettent les "
        "uns les autres) : exportez votre certificat client seul.",
        "en": "No end certificate among the {count} "
        "{count:plural:one=certificate|"
        "other=certificates}"
        " of the file (they issue each "
        "other): export your client certificate alone.",
    },
    # ---- validity --------------------------------------------------------------------------
    "checks.validity_ok": {
        "fr": "Valide jusqu'au {date:date} ({days} {days:plural:one=jour restant|many=de jours "
        "restants|other=jours restants}).",
        "en": "Valid until {date:date} ({days} {days:plural:one=day|other=days} left).",
    },
    "checks.expired": {
        "fr": "Certificat expiré le {date:date} (il y a {days} {days:plural:one=jour|many=de jours|"
        "other=jours}) : commandez un renouvellement "
        "auprès de votre prestataire, puis enregistrez les DN du nouveau certificat.",
        "en": "Certificate expired on {date:date} ({days} {days:plural:one=day|other=days} ago): "
        "order a renewal from your "
        "provider, then register the new certificate's DNs.",
    },
    "checks.not_yet_valid": {
        "fr": "Certificat pas encore valide : il le sera le {date:date} (dans {days} "
        "{days:plural:one=jour|many=de jours|other=jours}). Attendez "
        "cette date ou vérifiez l'horloge de la machine.",
        "en": "Certificate not valid yet: it will be on {date:date} (in {days} "
        "{days:plural:one=day|other=days}). Wait until then "
        "or check the machine's clock.",
    },
    "checks.expiring_soon": {
        "fr": "Le certificat expire le {date:date}, dans {days} {days:plural:one=jour|many=de "
        "jours|other=jours} (seuil d'alerte : "
        "{window} {window:plural:one=jour|many=de jours|other=jours}) : commandez dès maintenant "
        "le renouvellement et enregistrez le nouveau certificat "
        "dans le second emplacement du compte.",
        "en": "The certificate expires on {date:date}, in {days} {days:plural:one=day|other=days} "
        "(warning window: "
        "{window} {window:plural:one=day|other=days}): order the renewal now and register the new "
        "certificate in the account's second "
        "slot.",
    },
    # ---- usage -----------------------------------------------------------------------------
    "checks.end_entity": {
        "fr": "Certificat d'entité finale (pas une AC).",
        "en": "End-entity certificate (not a CA).",
    },
    "checks.ca_certificate": {
        "fr": "C'est un certificat d'autorité de certification ({subject}), pas un certificat "
        "client : donnez le certificat émis à votre société.",
        "en": "This is a certification authority certificate ({subject}), not a client "
        "certificate: give the certificate issued to your company.",
    },
    "checks.eku_client_auth": {
        "fr": "Usage étendu compatible avec l'authentification client TLS ({ekus}).",
        "en": "Extended key usage allows TLS client authentication ({ekus}).",
    },
    "checks.eku_server_only": {
        "fr": "Certificat « SSL serveur » (usage serverAuth seul) : le registre exige un "
        "certificat d'authentification serveur-client (clientAuth). Commandez ce type de "
        "certificat.",
        "en": "SSL server certificate (serverAuth only): the registry requires a server-client "
        "authentication certificate (clientAuth). Order that kind of certificate.",
    },
    "checks.eku_no_client_auth": {
        "fr": "L'usage étendu ({ekus}) n'autorise pas l'authentification client TLS (clientAuth) : "
        "ce certificat sera refusé ; commandez un certificat d'authentification serveur-client.",
        "en": "The extended key usage ({ekus}) does not allow TLS client authentication "
        "(clientAuth): this certificate will be refused; order a server-client authentication "
        "certificate.",
    },
    "checks.eku_absent": {
        "fr": "Pas d'extension d'usage étendu : le certificat est utilisable pour tout usage, ce "
        "qui n'est pas le profil serveur-client attendu ; vérifiez auprès du prestataire.",
        "en": "No extended key usage extension: the certificate is unrestricted, which is not the "
        "expected server-client profile; check with the provider.",
    },
    "checks.eku_required_missing": {
        "fr": "Usages étendus exigés par le profil absents : {ekus}.",
        "en": "Extended key usages required by the profile are missing: {ekus}.",
    },
    "checks.eku_forbidden": {
        "fr": "Usages étendus interdits par le profil présents : {ekus} ; commandez un "
        "certificat sans ces usages.",
        "en": "Extended key usages forbidden by the profile are present: {ekus}; order a "
        "certificate without them.",
    },
    "checks.ku_ok": {
        "fr": "Usage de clé compatible avec l'authentification client ({usages}).",
        "en": "Key usage consistent with client authentication ({usages}).",
    },
    "checks.ku_absent": {
        "fr": "Pas d'extension d'usage de clé (clé utilisable pour tout usage).",
        "en": "No key usage extension (the key is not restricted).",
    },
    "checks.ku_missing": {
        "fr": "L'usage de clé ({usages}) ne contient pas {missing}, nécessaire pour signer la "
        "poignée de main TLS : ce certificat ne peut pas authentifier un client.",
        "en": "The key usage ({usages}) lacks {missing}, needed to sign the TLS handshake: this "
        "certificate cannot authenticate a client.",
    },
    "checks.organisation_subject": {
        "fr": "Le titulaire est une organisation ({organisation}).",
        "en": "The subject is an organisation ({organisation}).",
    },
    "checks.personal_subject": {
        "fr": "Certificat personnel : le titulaire est une personne ({attributes}). Le registre "
        "refuse les certificats personnels ; commandez un certificat serveur-client au nom de la "
        "société.",
        "en": "Personal certificate: the subject is a person ({attributes}). The registry refuses "
        "personal certificates; order a server-client certificate in the company's name.",
    },
    "checks.personal_usage": {
        "fr": "Usages typiques d'un certificat personnel ({usages}) : vérifiez qu'il s'agit bien "
        "d'un certificat d'authentification serveur-client.",
        "en": "Usages typical of a personal certificate ({usages}): make sure this is a "
        "server-client authentication certificate.",
    },
    "checks.no_organisation": {
        "fr": "Le titulaire ne contient pas d'organisation (O) : le registre attend un certificat "
        "délivré à une entreprise.",
        "en": "The subject has no organisation (O): the registry expects a certificate issued to "
        "a company.",
    },
    # ---- crypto ----------------------------------------------------------------------------
    "checks.key_ok": {
        "fr": "Clé suffisamment robuste ({key}).",
        "en": "Key strong enough ({key}).",
    },
    "checks.key_rsa_too_small": {
        "fr": "Clé RSA de {bits} bits, trop faible (minimum {minimum}) : demandez un nouveau "
        "certificat avec une clé plus longue.",
        "en": "RSA key of {bits} bits, too weak (minimum {minimum}): request a new certificate "
        "with a longer key.",
    },
    "checks.key_curve_not_allowed": {
        "fr": "Courbe elliptique {curve} non admise (admises : {allowed}) : demandez un nouveau "
        "certificat.",
        "en": "Elliptic curve {curve} not allowed (allowed: {allowed}): request a new certificate.",
    },
    "checks.key_type_not_allowed": {
        "fr": "Type de clé {key_type} non admis (admis : {allowed}) : demandez un nouveau "
        "certificat.",
        "en": "Key type {key_type} not allowed (allowed: {allowed}): request a new certificate.",
    },
    "checks.signature_ok": {
        "fr": "Algorithme de signature admis ({algorithm}).",
        "en": "Signature algorithm allowed ({algorithm}).",
    },
    "checks.signature_weak_hash": {
        "fr": "Signature {algorithm} : empreinte faible (SHA-1/MD5), refusée ; le prestataire "
        "doit réémettre le certificat en SHA-256.",
        "en": "Signature {algorithm}: weak hash (SHA-1/MD5), refused; the provider must reissue "
        "the certificate with SHA-256.",
    },
    "checks.signature_hash_not_allowed": {
        "fr": "Signature {algorithm} non admise par le profil (empreintes admises : {allowed}).",
        "en": "Signature {algorithm} not allowed by the profile (allowed hashes: {allowed}).",
    },
    # ---- identity --------------------------------------------------------------------------
    "checks.siren_ok": {
        "fr": "SIREN {siren} présent et valide ({attribute}).",
        "en": "SIREN {siren} present and valid ({attribute}).",
    },
    "checks.siren_missing": {
        "fr": "Aucun SIREN dans le certificat : le registre le vérifie au téléversement et "
        "refusera ce certificat. Commandez un certificat portant le SIREN de la société "
        "(organizationIdentifier NTRFR-<SIREN> ou OU=0002 <SIREN>).",
        "en": "No SIREN in the certificate: the registry checks it at upload and will refuse "
        "this certificate. Order a certificate carrying the company's SIREN "
        "(organizationIdentifier NTRFR-<SIREN> or OU=0002 <SIREN>).",
    },
    "checks.siren_not_required": {
        "fr": "Pas de SIREN dans le certificat (non exigé par ce profil).",
        "en": "No SIREN in the certificate (not required by this profile).",
    },
    "checks.siren_invalid": {
        "fr": "La valeur « {value} » ({attribute}) ressemble à un SIREN mais est mal formée ou "
        "sa clé de contrôle est fausse ({problems}) : faites corriger le certificat par le "
        "prestataire.",
        "en": "The value '{value}' ({attribute}) looks like a SIREN but is malformed or fails its "
        "checksum ({problems}): have the provider correct the certificate.",
    },
    "checks.siren_mismatch": {
        "fr": "Le certificat porte le SIREN {found} ({attribute}), pas {expected} : ce n'est pas "
        "le certificat de cette société.",
        "en": "The certificate carries SIREN {found} ({attribute}), not {expected}: it is not "
        "this company's certificate.",
    },
    # ---- policy ----------------------------------------------------------------------------
    "checks.rgs_ok": {
        "fr": "Niveau RGS {level} confirmé (politique {oid}, {provider}, chaîne vérifiée).",
        "en": "RGS level {level} confirmed (policy {oid}, {provider}, verified chain).",
    },
    "checks.rgs_eidas_accepted": {
        "fr": "Pas de niveau RGS confirmé, mais le certificat est qualifié eIDAS ({service}), ce "
        "que le profil {profile} accepte à la place du niveau RGS {minimum}.",
        "en": "No RGS level confirmed, but the certificate is eIDAS-qualified ({service}), which "
        "profile {profile} accepts in place of RGS level {minimum}.",
    },
    "checks.rgs_claimed": {
        "fr": "Niveau RGS {level} annoncé par la politique {oid} ({provider}), mais non prouvé : "
        "rien ne prouve que l'émetteur est {provider}. Donnez la chaîne avec --chain FICHIER, ou "
        "essayez --fetch-aia.",
        "en": "RGS level {level} stated by policy {oid} ({provider}), but not proven: nothing "
        "proves the issuer is {provider}. Give the chain with --chain FILE, or try --fetch-aia.",
    },
    "checks.rgs_other_issuer": {
        "fr": "Niveau RGS {level} annoncé par la politique {oid} ({provider}), mais la chaîne "
        "vérifiée ({anchor}) ne passe par aucune des AC que le catalogue indique pour cette "
        "politique : niveau non confirmé. Vérifiez auprès du prestataire (AC renouvelée ?).",
        "en": "RGS level {level} stated by policy {oid} ({provider}), but the verified chain "
        "({anchor}) goes through none of the CAs the catalogue names for this policy: level not "
        "confirmed. Check with the provider (a renewed CA?).",
    },
    "checks.rgs_too_low": {
        "fr": "Niveau RGS {level} (politique {oid}) inférieur au minimum exigé {minimum} : "
        "commandez un certificat de niveau suffisant.",
        "en": "RGS level {level} (policy {oid}) below the required minimum {minimum}: order a "
        "certificate of a sufficient level.",
    },
    "checks.rgs_unknown": {
        "fr": "Impossible de confirmer le niveau RGS (minimum {minimum}) : politiques {oids} "
        "inconnues du catalogue (émetteur {issuer} ; prestataire : {providers}). Demandez au "
        "prestataire sa politique de certification et ajoutez-la avec --catalogue.",
        "en": "Cannot confirm the RGS level (minimum {minimum}): policies {oids} are not in the "
        "catalogue (issuer {issuer}; provider: {providers}). Ask the provider for its "
        "certificate policy and add it with --catalogue.",
    },
    "checks.rgs_no_policy": {
        "fr": "Aucune politique de certification dans le certificat : impossible de confirmer le "
        "niveau RGS (minimum {minimum}) ; émetteur {issuer}. Un certificat RGS porte l'OID de "
        "sa politique : vérifiez auprès du prestataire.",
        "en": "No certificate policy in the certificate: cannot confirm the RGS level (minimum "
        "{minimum}); issuer {issuer}. An RGS certificate carries its policy OID: check with the "
        "provider.",
    },
    "checks.rgs_not_required": {
        "fr": "Pas de niveau RGS exigé par le profil {profile} (niveau confirmé : {level}).",
        "en": "No RGS level required by profile {profile} (confirmed level: {level}).",
    },
    "checks.policy_wrong_usage": {
        "fr": "Politique d'un autre usage selon le catalogue : {policies} (le profil attend : "
        "{accepted}). Vérifiez auprès du prestataire qu'il s'agit bien d'un certificat "
        "d'authentification serveur-client.",
        "en": "Policy of another usage per the catalogue: {policies} (the profile expects: "
        "{accepted}). Check with the provider that this is a server-client authentication "
        "certificate.",
    },
    "checks.policy_web_usage": {
        "fr": "Politique de certificat de site web (information) : {policies} ; l'usage étendu "
        "autorise l'authentification client, c'est lui qui compte. Cette politique ne confirme "
        "pas un niveau RGS d'authentification serveur-client.",
        "en": "Web-site certificate policy (information): {policies}; the extended key usage "
        "allows client authentication, which is what counts. This policy does not confirm a "
        "server-client authentication RGS level.",
    },
    "checks.policy_test_only": {
        "fr": "Certificat de test certkit (politique {oids}) : refusé par le profil {profile}. "
        "Utilisez-le seulement sur la plateforme de test (profil registre-coproprietes-test).",
        "en": "certkit test certificate (policy {oids}): refused by profile {profile}. Use it "
        "only on the test platform (profile registre-coproprietes-test).",
    },
    "checks.policy_test_accepted": {
        "fr": "Certificat de test certkit (politique {oids}), accepté par le profil {profile}.",
        "en": "certkit test certificate (policy {oids}), accepted by profile {profile}.",
    },
    "checks.issuer_recognised": {
        "fr": "Émetteur reconnu : {provider} (chaîne vérifiée).",
        "en": "Issuer recognised: {provider} (verified chain).",
    },
    "checks.issuer_claimed": {
        "fr": "La politique {oid} appartient à l'arc de {provider}, mais rien ne prouve que "
        "l'émetteur est {provider} : donnez la chaîne avec --chain FICHIER, ou essayez "
        "--fetch-aia.",
        "en": "Policy {oid} belongs to {provider}'s arc, but nothing proves the issuer is "
        "{provider}: give the chain with --chain FILE, or try --fetch-aia.",
    },
    "checks.issuer_unknown": {
        "fr": "Émetteur inconnu ({issuer}) : sa chaîne ne mène ni à la liste de confiance, ni au "
        "catalogue, ni à --trust. Vérifiez que le prestataire est référencé (liste LSTI) et "
        "donnez la chaîne avec --chain FICHIER.",
        "en": "Unknown issuer ({issuer}): its chain leads neither to the trusted list, the "
        "catalogue nor --trust. Check that the provider is listed (LSTI list) and give the "
        "chain with --chain FILE.",
    },
    "checks.eidas_qualified": {
        "fr": "Certificat qualifié eIDAS ({declared}) émis par un service qualifié de la liste de "
        "confiance : {service}. Ce n'est pas un niveau RGS.",
        "en": "eIDAS-qualified certificate ({declared}) issued by a qualified service of the "
        "trusted list: {service}. This is not an RGS level.",
    },
    "checks.eidas_claimed": {
        "fr": "Le certificat se déclare qualifié eIDAS ({declared}), mais rien ne prouve que "
        "l'émetteur est un service qualifié d'une liste de confiance (chaîne non vérifiée jusqu'à "
        "lui). Ce n'est de toute façon pas un niveau RGS.",
        "en": "The certificate declares itself eIDAS-qualified ({declared}), but nothing proves "
        "its issuer is a qualified service of a trusted list (the chain is not verified up to "
        "one). Either way this is not an RGS level.",
    },
    # ---- chain -----------------------------------------------------------------------------
    "checks.chain_verified": {
        "fr": "Chaîne vérifiée ({length} "
        "{length:plural:one=certificat|many=de certificats|other=certificats}"
        ") jusqu'à une AC "
        "de confiance : {anchor}.",
        "en": "Chain verified ({length} "
        "{length:plural:one=certificate|other=certificates}"
        ") up to a trusted CA: {anchor}.",
    },
    "checks.chain_untrusted_root": {
        "fr": "La chaîne se vérifie jusqu'à la racine {root}, qui n'est pas dans vos AC de "
        "confiance : ajoutez-la avec --trust si vous lui faites confiance.",
        "en": "The chain verifies up to root {root}, which is not among your trusted CAs: add it "
        "with --trust if you trust it.",
    },
    "checks.chain_verified_leaf_dates": {
        "fr": "La chaîne est complète et se vérifie ({length} "
        "{length:plural:one=certificat|many=de certificats|other=certificats}"
        ") jusqu'à {anchor} "
        "au "
        "{date:date} : elle n'échoue que sur les dates du certificat lui-même (voir plus haut).",
        "en": "The chain is complete and verifies ({length} "
        "{length:plural:one=certificate|other=certificates}"
        ") up to {anchor} on "
        "{date:date}: it fails only on the certificate's own dates (see above).",
    },
    "checks.chain_ca_not_valid": {
        "fr": "La chaîne ne se vérifie pas : un certificat d'autorité de la chaîne est expiré ou "
        "pas encore valide. Demandez au prestataire la chaîne à jour.",
        "en": "The chain does not verify: a CA certificate of the chain is expired or not yet "
        "valid. Ask the provider for the current chain.",
    },
    "checks.chain_bad_signature": {
        "fr": "La chaîne ne se vérifie pas : une signature ne correspond pas à la clé de "
        "l'émetteur (mauvaise AC intermédiaire, ou certificat altéré). Demandez au prestataire "
        "la chaîne qui correspond à ce certificat.",
        "en": "The chain does not verify: a signature does not match the issuer's key (the wrong "
        "intermediate CA, or an altered certificate). Ask the provider for the chain that goes "
        "with this certificate.",
    },
    "checks.chain_ca_constraints": {
        "fr": "La chaîne ne se vérifie pas : un certificat de la chaîne n'a pas le droit d'émettre "
        "des certificats (contraintes de base ou longueur de chemin). Demandez au prestataire la "
        "chaîne correcte.",
        "en": "The chain does not verify: a certificate of the chain may not issue certificates "
        "(basic constraints or path length). Ask the provider for the correct chain.",
    },
    "checks.chain_ca_usage": {
        "fr": "La chaîne ne se vérifie pas : une AC de la chaîne limite ses usages étendus sans "
        "autoriser l'authentification client. Ce certificat ne pourra pas servir de certificat "
        "client ; interrogez le prestataire.",
        "en": "The chain does not verify: a CA of the chain restricts its extended key usages "
        "without allowing client authentication. This certificate cannot serve as a client "
        "certificate; ask the provider.",
    },
    "checks.chain_extension_refused": {
        "fr": "La chaîne ne se vérifie pas : l'extension {extension} d'un certificat est refusée "
        "par la validation RFC 5280. Signalez-le au prestataire.",
        "en": "The chain does not verify: the {extension} extension of a certificate is refused "
        "by RFC 5280 validation. Report it to the provider.",
    },
    "checks.chain_malformed": {
        "fr": "La chaîne ne se vérifie pas : un certificat est mal encodé. Demandez au "
        "prestataire de nouveaux fichiers.",
        "en": "The chain does not verify: a certificate is badly encoded. Ask the provider for "
        "new files.",
    },
    "checks.chain_weak_algorithm": {
        "fr": "La chaîne ne se vérifie pas : une signature utilise un algorithme que les piles TLS "
        "refusent ({algorithm}). Le prestataire doit réémettre le certificat (SHA-256).",
        "en": "The chain does not verify: a signature uses an algorithm TLS stacks refuse "
        "({algorithm}). The provider must reissue the certificate (SHA-256).",
    },
    "checks.chain_invalid": {
        "fr": "La chaîne de certification ne se vérifie pas (le détail est dans la sortie JSON) : "
        "demandez au prestataire la chaîne complète et à jour.",
        "en": "The certificate chain does not verify (details in the JSON output): ask the "
        "provider for the complete, current chain.",
    },
    "checks.chain_incomplete": {
        "fr": "Chaîne incomplète : il manque le certificat de {missing}. Donnez-le avec --chain "
        "FICHIER ou essayez --fetch-aia.",
        "en": "Incomplete chain: the certificate of {missing} is missing. Give it with --chain "
        "FILE or try --fetch-aia.",
    },
    "checks.chain_not_checked": {
        "fr": "Chaîne non vérifiée : le certificat de l'émetteur {issuer} n'est pas fourni, donc "
        "rien ne prouve qui a émis ce certificat. Ajoutez --chain FICHIER, --trust FICHIER ou "
        "--fetch-aia.",
        "en": "Chain not checked: the certificate of the issuer {issuer} is not provided, so "
        "nothing proves who issued this certificate. Add --chain FILE, --trust FILE or "
        "--fetch-aia.",
    },
    "checks.aia_fetch_failed": {
        "fr": "Téléchargement de l'AC intermédiaire (AIA) impossible depuis {url} : {problem}.",
        "en": "Could not download the intermediate CA (AIA) from {url}: {problem}.",
    },
    "checks.net.timeout": {"fr": "délai dépassé", "en": "timed out"},
    "checks.net.unreachable": {
        "fr": "serveur injoignable (connexion refusée ou nom inconnu)",
        "en": "server unreachable (connection refused or unknown name)",
    },
    "checks.net.http_status": {
        "fr": "le serveur a répondu par une erreur ({detail})",
        "en": "the server answered with an error ({detail})",
    },
    "checks.net.too_large": {"fr": "réponse trop volumineuse", "en": "response too large"},
    "checks.net.not_certificate": {
        "fr": "la réponse n'est pas un certificat",
        "en": "the response is not a certificate",
    },
    "checks.net.no_issuer": {
        "fr": "la réponse ne contient pas le certificat de l'émetteur",
        "en": "the response does not hold the issuer's certificate",
    },
    "checks.response.not_parsable": {"fr": "réponse illisible", "en": "unreadable response"},
    "checks.response.responder_status": {
        "fr": "le répondeur a refusé la requête ({detail})",
        "en": "the responder refused the request ({detail})",
    },
    "checks.response.other_certificate": {
        "fr": "réponse pour un autre certificat",
        "en": "response for another certificate",
    },
    "checks.response.bad_signature": {
        "fr": "la signature de la réponse ne se vérifie pas",
        "en": "the response's signature does not verify",
    },
    "checks.response.out_of_date": {"fr": "réponse périmée", "en": "response out of date"},
    "checks.response.not_signed_by_issuer": {
        "fr": "CRL non signée par l'émetteur du certificat",
        "en": "CRL not signed by the certificate's issuer",
    },
    "checks.revocation_good": {
        "fr": "Non révoqué ({method}, {url}).",
        "en": "Not revoked ({method}, {url}).",
    },
    "checks.revoked": {
        "fr": "Certificat RÉVOQUÉ le {date:date} (motif : {reason} ; {method} {url}) : il sera "
        "refusé ; "
        "commandez un nouveau certificat.",
        "en": "Certificate REVOKED on {date:date} (reason: {reason}; {method} {url}): it will be "
        "refused; order a new certificate.",
    },
    "checks.crl_reason.unspecified": {"fr": "non précisé", "en": "unspecified"},
    "checks.crl_reason.keyCompromise": {"fr": "clé compromise", "en": "key compromise"},
    "checks.crl_reason.cACompromise": {"fr": "AC compromise", "en": "CA compromise"},
    "checks.crl_reason.affiliationChanged": {
        "fr": "changement d'affiliation",
        "en": "affiliation changed",
    },
    "checks.crl_reason.superseded": {"fr": "remplacé", "en": "superseded"},
    "checks.crl_reason.cessationOfOperation": {
        "fr": "cessation d'activité",
        "en": "cessation of operation",
    },
    "checks.crl_reason.certificateHold": {"fr": "certificat suspendu", "en": "certificate on hold"},
    "checks.crl_reason.privilegeWithdrawn": {"fr": "privilège retiré", "en": "privilege withdrawn"},
    "checks.crl_reason.aACompromise": {
        "fr": "autorité d'attribut compromise",
        "en": "attribute authority compromise",
    },
    "checks.crl_reason.removeFromCRL": {"fr": "retiré de la CRL", "en": "removed from the CRL"},
    "checks.revocation_unknown": {
        "fr": "Le répondeur {method} ({url}) ne connaît pas ce certificat : vérifiez la chaîne "
        "avec le prestataire.",
        "en": "The {method} responder ({url}) does not know this certificate: check the chain "
        "with the provider.",
    },
    "checks.revocation_unreachable": {
        "fr": "Révocation non vérifiée : {method} {url} injoignable ({reason}). Réessayez plus "
        "tard.",
        "en": "Revocation not checked: {method} {url} unreachable ({reason}). Try again later.",
    },
    "checks.revocation_no_url": {
        "fr": "Révocation non vérifiée : le certificat n'indique pas d'adresse {method}.",
        "en": "Revocation not checked: the certificate gives no {method} address.",
    },
    "checks.revocation_no_issuer": {
        "fr": "Révocation non vérifiée ({method}) : le certificat de l'émetteur manque ; "
        "donnez-le avec --chain ou --fetch-aia.",
        "en": "Revocation not checked ({method}): the issuer's certificate is missing; give it "
        "with --chain or --fetch-aia.",
    },
    "checks.revocation_invalid_response": {
        "fr": "Révocation non vérifiée : réponse {method} invalide de {url} ({reason}).",
        "en": "Revocation not checked: invalid {method} answer from {url} ({reason}).",
    },
    # ---- engine ----------------------------------------------------------------------------
    "checks.check_crashed": {
        "fr": "La vérification « {check} » a échoué de façon inattendue (exception {error}) : "
        "résultat incomplet ; merci de signaler ce bogue de certkit.",
        "en": "Check '{check}' failed unexpectedly (exception {error}): the result is "
        "incomplete; please report this certkit bug.",
    },
    # ---- check descriptions (certkit checks list) ------------------------------------------
    "checks.about.private_key": {
        "fr": "Le fichier à envoyer ne doit pas contenir de clé privée (jugement du fichier, pas "
        "du certificat).",
        "en": "The file to send must not hold a private key (a judgement on the file, not the "
        "certificate).",
    },
    "checks.about.leaf": {
        "fr": "Un seul certificat client identifiable dans le fichier (pas seulement la chaîne).",
        "en": "Exactly one identifiable client certificate in the file (not only the chain).",
    },
    "checks.about.validity": {
        "fr": "Validité : ni expiré, ni pas encore valide, ni proche de l'expiration.",
        "en": "Validity: not expired, not yet valid, nor about to expire.",
    },
    "checks.about.end_entity": {
        "fr": "Certificat d'entité finale, pas d'AC.",
        "en": "End-entity certificate, not a CA.",
    },
    "checks.about.extended_key_usage": {
        "fr": "Usage étendu : authentification client TLS (pas un certificat SSL serveur).",
        "en": "Extended key usage: TLS client authentication (not an SSL server certificate).",
    },
    "checks.about.key_usage": {
        "fr": "Usage de clé cohérent avec l'authentification client TLS.",
        "en": "Key usage consistent with TLS client authentication.",
    },
    "checks.about.company_not_person": {
        "fr": "Délivré à une entreprise, pas un certificat personnel.",
        "en": "Issued to a company, not a personal certificate.",
    },
    "checks.about.key_strength": {
        "fr": "Type et taille de clé suffisants.",
        "en": "Key type and size strong enough.",
    },
    "checks.about.signature_algorithm": {
        "fr": "Algorithme de signature admis (ni SHA-1 ni MD5).",
        "en": "Allowed signature algorithm (no SHA-1, no MD5).",
    },
    "checks.about.siren": {
        "fr": "SIREN présent, bien formé, clé valide, et égal à --siren.",
        "en": "SIREN present, well formed, valid checksum, and equal to --siren.",
    },
    "checks.about.rgs_level": {
        "fr": "Niveau RGS du catalogue, prouvé par une chaîne vérifiée, au moins celui du profil.",
        "en": "RGS level from the catalogue, proven by a verified chain, at least the profile's.",
    },
    "checks.about.issuer_recognised": {
        "fr": "Émetteur prouvé par une chaîne vérifiée (liste de confiance, catalogue ou --trust).",
        "en": "Issuer proven by a verified chain (trusted list, catalogue or --trust).",
    },
    "checks.about.eidas": {
        "fr": "Qualification eIDAS (QcStatements, liste de confiance), distincte du niveau RGS.",
        "en": "eIDAS qualification (QcStatements, trusted list), separate from the RGS level.",
    },
    "checks.about.chain": {
        "fr": "Chaîne de certification construite et vérifiée comme certificat client.",
        "en": "Certificate chain built and verified as a client certificate.",
    },
    "checks.about.revocation": {
        "fr": "Non révoqué, selon OCSP ou la CRL (avec --revocation).",
        "en": "Not revoked, per OCSP or the CRL (with --revocation).",
    },
    "checks.about.engine": {
        "fr": "Une vérification qui plante est signalée comme erreur.",
        "en": "A check that crashes is reported as an error.",
    },
    # ---- CA stores and CLI -----------------------------------------------------------------
    "chain.store_bad_certificate": {
        "fr": "{path} : un certificat PEM est illisible ; vérifiez le fichier d'AC.",
        "en": "{path}: a PEM certificate cannot be read; check the CA file.",
    },
    "chain.store_empty": {
        "fr": "{path} : aucun certificat PEM complet ; donnez un fichier PEM d'AC.",
        "en": "{path}: no complete PEM certificate; give a PEM file of CA certificates.",
    },
    "checks.cli.bad_siren": {
        "fr": "--siren {value} : un SIREN compte 9 chiffres et passe la clé de Luhn ; vérifiez le "
        "numéro.",
        "en": "--siren {value}: a SIREN has 9 digits and passes the Luhn checksum; check the "
        "number.",
    },
    "checks.cli.bad_date": {
        "fr": "« {value} » : date invalide ; écrivez AAAA-MM-JJ (minuit UTC) ou une date-heure "
        "ISO 8601 (2026-05-01T12:00:00Z).",
        "en": "“{value}”: invalid date; write YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time "
        "(2026-05-01T12:00:00Z).",
    },
    "checks.cli.no_files": {
        "fr": "{path} : aucun fichier de certificat dans ce dossier.",
        "en": "{path}: no certificate file in this folder.",
    },
    "checks.cli.chain_unreadable": {
        "fr": "{path} (--chain) : {reason}",
        "en": "{path} (--chain): {reason}",
    },
    "checks.cli.verdict.pass": {
        "fr": "Verdict : ACCEPTÉ — le registre devrait accepter ce certificat.",
        "en": "Verdict: PASS — the registry should accept this certificate.",
    },
    "checks.cli.verdict.warn": {
        "fr": "Verdict : À VÉRIFIER — pas d'erreur, mais des points d'attention ci-dessus.",
        "en": "Verdict: WARN — no error, but see the points above.",
    },
    "checks.cli.verdict.fail": {
        "fr": "Verdict : REFUSÉ — corrigez les erreurs (✗) ci-dessus.",
        "en": "Verdict: FAIL — fix the errors (✗) above.",
    },
    "checks.cli.header": {
        "fr": "{path} — profil {profile}",
        "en": "{path} — profile {profile}",
    },
    "checks.cli.registration": {
        "fr": "Champs du compte (registre) :",
        "en": "Registry account fields:",
    },
    "checks.cli.summary": {
        "fr": "{total} {total:plural:one=fichier|many=de fichiers|other=fichiers} : {passed} "
        "{passed:plural:one=accepté|many=acceptés|other=acceptés}, {warned} à vérifier, "
        "{failed} {failed:plural:one=refusé|many=refusés|other=refusés}, {errors} "
        "{errors:plural:one=illisible|many=illisibles|other=illisibles}.",
        "en": "{total} {total:plural:one=file|other=files}: {passed} pass, {warned} warn, {failed} "
        "fail, "
        "{errors} unreadable.",
    },
    "checks.not_der": {
        "fr": "Certificat pas encodé comme l'exige la RFC 5280 (DER) : OpenSSL le lit, mais les "
        "piles TLS strictes (Go, rustls, cryptography) le refusent, et celle du registre peut-être "
        "aussi ({departures}) ; demandez à l'autorité un certificat correctement encodé "
        "(certkit inspect détaille les écarts).",
        "en": "Certificate not encoded as RFC 5280 requires (DER): OpenSSL reads it, but strict "
        "TLS stacks (Go, rustls, cryptography) refuse it, and so may the registry's "
        "({departures}); ask the CA for a correctly encoded certificate (certkit inspect lists "
        "what departs).",
    },
    "checks.about.encoding": {
        "fr": "Certificat encodé en DER comme l'exige la RFC 5280.",
        "en": "Certificate DER-encoded as RFC 5280 requires.",
    },
    "checks.key_undecodable": {
        "fr": "La clé publique {key_type} ne se décode pas ({reason}) : aucune pile TLS ne pourra "
        "l'utiliser ; demandez un nouveau certificat.",
        "en": "The {key_type} public key does not decode ({reason}): no TLS stack can use it; ask "
        "for a new certificate.",
    },
    # ---- rule sources (checks list): the English is the @check declaration's rule ----
    "checks.rule.private_key": {
        "fr": "Guide du registre pour les syndics (reference/002) : téléverser le certificat en "
        "PEM sans la clé privée ; une clé privée ne doit jamais quitter son détenteur. Ce "
        "contrôle juge le fichier, pas le certificat",
        "en": "Registry guide for syndics (reference/002): upload the certificate as PEM without "
        "the private key; a private key must never leave its holder. This judges the file, not "
        "the certificate",
    },
    "checks.rule.leaf": {
        "fr": "RFC 5280 §6.1 (un chemin part d'un seul certificat d'entité finale) ; le registre "
        "enregistre un certificat client par emplacement (reference/002)",
        "en": "RFC 5280 §6.1 (a path starts at one end-entity certificate); the registry "
        "registers one client certificate per slot (reference/002)",
    },
    "checks.rule.encoding": {
        "fr": "RFC 5280 §4.1 (les certificats sont encodés en DER, X.690 §10) et X.501 (un RDN "
        "contient au moins un attribut) ; les piles TLS strictes (Go, rustls, cryptography) "
        "refusent les autres encodages",
        "en": "RFC 5280 §4.1 (certificates are DER-encoded, X.690 §10) and X.501 (an RDN holds at "
        "least one attribute); strict TLS stacks (Go, rustls, cryptography) refuse other encodings",
    },
    "checks.rule.validity": {
        "fr": "RFC 5280 §4.1.2.5 (validité) et §6.1.3 (un certificat ne sert que pendant sa "
        "validité) ; bulletin du SNE (reference/004 §5) : renouveler avant l'expiration et "
        "enregistrer le nouveau certificat",
        "en": "RFC 5280 §4.1.2.5 (validity) and §6.1.3 (a certificate is used only within it); "
        "SNE bulletin (reference/004 §5): renew before expiry and register the new certificate",
    },
    "checks.rule.end_entity": {
        "fr": "RFC 5280 §4.2.1.9 (basicConstraints cA=TRUE désigne une AC) et §4.2.1.3 "
        "(keyCertSign seulement dans les certificats d'AC) ; le registre enregistre le certificat "
        "client, pas son émetteur (reference/002)",
        "en": "RFC 5280 §4.2.1.9 (basicConstraints cA=TRUE marks a CA) and §4.2.1.3 (keyCertSign "
        "only in CA certificates); the registry registers the client certificate, not its issuer "
        "(reference/002)",
    },
    "checks.rule.extended_key_usage": {
        "fr": "RFC 5280 §4.2.1.12 (id-kp-clientAuth 1.3.6.1.5.5.7.3.2 pour l'authentification "
        "client TLS) ; guide du registre (reference/002) : un certificat d'authentification "
        "serveur-client, pas un certificat SSL serveur",
        "en": "RFC 5280 §4.2.1.12 (id-kp-clientAuth 1.3.6.1.5.5.7.3.2 for TLS client "
        "authentication); registry guide (reference/002): a server-client authentication "
        "certificate, not an SSL server certificate",
    },
    "checks.rule.key_usage": {
        "fr": "RFC 5280 §4.2.1.3 et RFC 8446 §4.4.3 (un client TLS signe le CertificateVerify : "
        "digitalSignature) ; RFC 5280 §4.2.1.12 (KU et EKU doivent être cohérents)",
        "en": "RFC 5280 §4.2.1.3 and RFC 8446 §4.4.3 (a TLS client signs CertificateVerify: "
        "digitalSignature); RFC 5280 §4.2.1.12 (KU and EKU must be consistent)",
    },
    "checks.rule.company_not_person": {
        "fr": "Guide du registre (reference/002) : pas un certificat de personne, délivré à des "
        "sociétés ; les certificats de personne nomment une personne (X.520 givenName/surname) et "
        "portent emailProtection (RFC 5280 §4.2.1.12) ou nonRepudiation/contentCommitment "
        "(§4.2.1.3)",
        "en": "Registry guide (reference/002): not a personal certificate, issued to companies; "
        "personal certificates name a person (X.520 givenName/surname) and carry emailProtection "
        "(RFC 5280 §4.2.1.12) or nonRepudiation/contentCommitment (§4.2.1.3)",
    },
    "checks.rule.key_strength": {
        "fr": "RGS v2.0 annexe B1 (module RSA d'au moins 2048 bits ; courbes elliptiques d'au "
        "moins 256 bits) ; les types de clé et courbes admis par le profil",
        "en": "RGS v2.0 annex B1 (RSA modulus ≥ 2048 bits; elliptic curves of ≥ 256 bits); the "
        "profile's allowed key types and curves",
    },
    "checks.rule.signature_algorithm": {
        "fr": "RGS v2.0 annexe B1 (famille SHA-2 ; SHA-1 et MD5 interdits) ; RFC 6194 / NIST SP "
        "800-131A (signatures SHA-1 cassées pour les certificats)",
        "en": "RGS v2.0 annex B1 (SHA-2 family; SHA-1 and MD5 are not allowed); RFC 6194 / NIST "
        "SP 800-131A (SHA-1 signatures broken for certificates)",
    },
    "checks.rule.siren": {
        "fr": "Guide du registre (reference/002) : le SIREN de la société doit figurer dans le "
        "certificat, ce que le registre vérifie au téléversement ; ETSI EN 319 412-1 §5.1.4 "
        "(organizationIdentifier NTRFR-…), convention RGS OU=0002 <SIREN> ; INSEE : SIREN et "
        "SIRET passent la clé de Luhn",
        "en": "Registry guide (reference/002): the company's SIREN must be in the certificate, "
        "which the registry checks at upload; ETSI EN 319 412-1 §5.1.4 (organizationIdentifier "
        "NTRFR-…), RGS convention OU=0002 <SIREN>; INSEE: SIREN/SIRET pass the Luhn checksum",
    },
    "checks.rule.rgs_level": {
        "fr": "RGS v2.0 (niveaux *, **, *** par usage ; aucun OID de l'ANSSI ne marque un niveau, "
        "c'est la politique de chaque AC) ; guide du registre (reference/002) : RGS * ou plus, "
        "authentification serveur-client ; catalogue certkit (policies/README.md) pour OID → "
        "niveau, confirmé seulement par une chaîne vérifiée jusqu'à une AC de confiance (RFC 5280 "
        "§6) ; un profil peut accepter à la place un certificat qualifié eIDAS",
        "en": "RGS v2.0 (levels *, **, *** per usage; no ANSSI OID marks a level, each CA's "
        "policy does); registry guide (reference/002): RGS * or higher, server-client "
        "authentication; certkit catalogue (policies/README.md) for OID → level, confirmed only "
        "by a chain verified to a trusted CA (RFC 5280 §6); a profile may accept an "
        "eIDAS-qualified certificate instead",
    },
    "checks.rule.issuer_recognised": {
        "fr": "Guide du registre (reference/002) : un prestataire listé par le LSTI (prestataires "
        "qualifiés) ; la liste de confiance française (ETSI TS 119 612, ANSSI) et le catalogue "
        "certkit nomment les AC françaises connues ; un prestataire n'est reconnu que par une "
        "chaîne vérifiée jusqu'à l'un de ses certificats d'AC (RFC 5280 §6), jamais par un OID de "
        "politique seul",
        "en": "Registry guide (reference/002): a provider listed by LSTI (qualified providers); "
        "the French trusted list (ETSI TS 119 612, ANSSI) and the certkit catalogue name known "
        "French CAs; a provider is recognised only through a chain verified to one of its CA "
        "certificates (RFC 5280 §6), never by a policy OID alone",
    },
    "checks.rule.eidas": {
        "fr": "Règlement eIDAS (UE) 910/2014 art. 3 et 45 ; ETSI EN 319 412-5 §4.2 (QcCompliance, "
        "QcType), EN 319 411-2 §5.3 (politiques QCP), TS 119 612 (listes de confiance : type de "
        "service CA/QC, statut granted) ; ANSSI : une qualification eIDAS n'est pas un niveau RGS",
        "en": "eIDAS regulation (EU) 910/2014 art. 3 and 45; ETSI EN 319 412-5 §4.2 "
        "(QcCompliance, QcType), EN 319 411-2 §5.3 (QCP policies), TS 119 612 (trusted lists: "
        "service type CA/QC, status granted); ANSSI: an eIDAS qualification is not an RGS level",
    },
    "checks.rule.chain": {
        "fr": "RFC 5280 §6 (validation du chemin de certification) à la date du contrôle, les "
        "dates et usages du certificat final laissés aux contrôles de validité et d'usage ; RFC "
        "5280 §4.2.2.1 (AIA caIssuers pour télécharger les intermédiaires manquants) ; le "
        "registre enregistre le DN de l'émetteur (reference/002)",
        "en": "RFC 5280 §6 (certification path validation) at the check time, the leaf's own "
        "dates and usages left to the validity and usage checks; RFC 5280 §4.2.2.1 (AIA caIssuers "
        "to fetch missing intermediates); the registry registers the issuer's DN (reference/002)",
    },
    "checks.rule.revocation": {
        "fr": "RFC 6960 (OCSP) et RFC 5280 §5 (CRL) : un certificat révoqué est refusé à la "
        "poignée de main TLS",
        "en": "RFC 6960 (OCSP) and RFC 5280 §5 (CRL): a revoked certificate is refused at the TLS "
        "handshake",
    },
    "checks.rule.engine": {
        "fr": "certkit : un contrôle qui échoue de façon inattendue est signalé, jamais caché",
        "en": "certkit: a check that fails unexpectedly is reported, never hidden",
    },
    "checks.severity.error": {"fr": "refus", "en": "error"},
    "checks.severity.warning": {"fr": "attention", "en": "warning"},
    "checks.severity.info": {"fr": "info", "en": "info"},
    "checks.severity.ok": {"fr": "correct", "en": "ok"},
    # the registry form's fields under a check report (the labels are the form's own, in French)
    "checks.cli.field": {"fr": "  {label} : {value}", "en": "  {label} : {value}"},
}
