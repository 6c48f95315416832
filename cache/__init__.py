"""The store layer. The store's environment variable lives here so that the CLI can name it in
`claimcheck --help` without importing SQLite code."""

ENV_VAR = "CLAIMCHECK_STORE"
