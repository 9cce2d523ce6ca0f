"""Card facts every layer may use: brands and IIN ranges, Luhn, masking, keyed fingerprints, PAN grouping."""
