HELP: dict[str, str] = {}
