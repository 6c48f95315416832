"""The claims file: model, schema, line-aware errors and loader; the catalogue of codes, names."""
