from minutes_kit.cli import main

main()
