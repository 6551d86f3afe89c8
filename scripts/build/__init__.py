"""Build plumbing: the generated-files cache, KaTeX typesetting (its fonts and CSS cut to the site's formulas), the site script and stylesheets. Imports no other layer."""
