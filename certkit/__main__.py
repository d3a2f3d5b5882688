from certkit.cli import main

main()
