"""Building the demo site — not part of the import path.

`load_seeds` and `make_sample_forms` use these to build a browsable portal from data/seeds: `site` (home, city
and guide pages), `referral_forms` (由布市's sample つなぐシート with routing rules) and `sample_sheets` (the 見本
PDF/XLSX files those forms carry; the seeds contain no form file). Nothing in intake → worker → reader →
parsers → records → loader imports this package.
"""
