from rtcc_gateway.main import main

main()
