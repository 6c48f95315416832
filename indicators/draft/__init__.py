"""From an article's text to a drafted claims file (`claimcheck draft`).

The flow, one module per job: `reading` (a .txt/.html file or stdin → plain text), `segments`
(paragraphs, sentences, clauses with their offsets), `language` (de or en), `numbers` (digits,
number words, scale words, currencies, units), `phrases` (fractions, multiples, ranks),
`skipping` (dates, ages, durations, counts of people … that are not economic claims), `bounds`,
`economies` (subject and counterpart), `periods` (years and parts of years, relative to the
publication date), `shapes` (level, share, change with its base, rank, sum), `readings`
(candidate series from the catalogue's search), `writer` (the TOML with a comment per claim) and
`pipeline`, which runs them in that order. Economy names and series search are passed in
(`interfaces`), so the drafting logic knows no store.
"""
