from certkit._entry import main

main()
