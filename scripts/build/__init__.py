"""Build plumbing: the generated-files cache, KaTeX typesetting, the site script and stylesheet. Imports no other layer."""
