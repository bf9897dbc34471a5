# `make check` runs exactly what CI runs (.ci/run), without reinstalling the package.
.PHONY: check docs docs-refresh

check:
	.ci/run --no-install

# Regenerate the references in docs/reference/ from the code (CLI --help, keys, report columns).
docs-refresh:
	python3 -m cogapp -r docs/reference/*.md

docs: docs-refresh
	python3 -m mkdocs build --strict
