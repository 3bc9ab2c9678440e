from studylog.cli import main

raise SystemExit(main())
