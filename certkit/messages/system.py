"""The operating system's reasons (``strerror``) in French; English keeps the OS's own words.

A message's ``reason`` built by :func:`certkit.errors.os_reason` reads in the user's language;
the English texts here are glibc's, as Python reports them on Linux.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "system.ENOENT": {"fr": "fichier ou dossier introuvable", "en": "No such file or directory"},
    "system.EACCES": {"fr": "permission refusée", "en": "Permission denied"},
    "system.EPERM": {"fr": "opération non permise", "en": "Operation not permitted"},
    "system.EEXIST": {"fr": "le fichier existe déjà", "en": "File exists"},
    "system.ENOTDIR": {"fr": "ce n'est pas un dossier", "en": "Not a directory"},
    "system.EISDIR": {"fr": "c'est un dossier", "en": "Is a directory"},
    "system.ENOSPC": {"fr": "plus de place sur le disque", "en": "No space left on device"},
    "system.EROFS": {"fr": "système de fichiers en lecture seule", "en": "Read-only file system"},
    "system.EDQUOT": {"fr": "quota de disque dépassé", "en": "Disk quota exceeded"},
    "system.EIO": {"fr": "erreur d'entrée-sortie", "en": "Input/output error"},
    "system.EBUSY": {"fr": "périphérique ou ressource occupé", "en": "Device or resource busy"},
    "system.EMFILE": {"fr": "trop de fichiers ouverts", "en": "Too many open files"},
    "system.ENAMETOOLONG": {"fr": "nom de fichier trop long", "en": "File name too long"},
    "system.ELOOP": {
        "fr": "trop de niveaux de liens symboliques",
        "en": "Too many levels of symbolic links",
    },
    "system.EXDEV": {
        "fr": "déplacement entre deux systèmes de fichiers impossible",
        "en": "Invalid cross-device link",
    },
    "system.ETXTBSY": {"fr": "fichier occupé", "en": "Text file busy"},
    "system.EPIPE": {"fr": "tube fermé par l'autre côté", "en": "Broken pipe"},
    "system.ENXIO": {
        "fr": "périphérique ou adresse introuvable",
        "en": "No such device or address",
    },
    "system.EADDRINUSE": {"fr": "adresse déjà utilisée", "en": "Address already in use"},
    "system.EADDRNOTAVAIL": {
        "fr": "adresse non disponible sur cette machine",
        "en": "Cannot assign requested address",
    },
    "system.ECONNREFUSED": {"fr": "connexion refusée", "en": "Connection refused"},
    "system.ECONNRESET": {
        "fr": "connexion interrompue par l'autre côté",
        "en": "Connection reset by peer",
    },
    "system.ECONNABORTED": {"fr": "connexion abandonnée", "en": "Software caused connection abort"},
    "system.ETIMEDOUT": {"fr": "délai de connexion dépassé", "en": "Connection timed out"},
    "system.EHOSTUNREACH": {"fr": "hôte injoignable", "en": "No route to host"},
    "system.ENETUNREACH": {"fr": "réseau injoignable", "en": "Network is unreachable"},
    "system.ENETDOWN": {"fr": "réseau hors service", "en": "Network is down"},
    "system.EAFNOSUPPORT": {
        "fr": "famille d'adresses non prise en charge",
        "en": "Address family not supported by protocol",
    },
    "system.timeout": {"fr": "délai dépassé", "en": "timeout"},
    "system.EAI_NONAME": {"fr": "nom d'hôte inconnu", "en": "Name or service not known"},
    "system.EAI_AGAIN": {
        "fr": "résolution du nom momentanément impossible",
        "en": "Temporary failure in name resolution",
    },
}
