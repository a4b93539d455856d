"""Honours rounds (评比表彰, issue 13): load → decide in `contests.honours` → write → audit → commit."""
