"""Every test says what it needs (the markers of pyproject.toml, set in conftest.py), so that
`make test-fast` (-m "not build and not browser") runs exactly the tests that need no site and no browser."""

from __future__ import annotations

import inspect

import pytest

# What a test calls to build a whole site itself, through an engine: such a test must say @pytest.mark.build.
BUILDS_A_SITE = ("copy_project(", "site_build(", '"mkdocs", "build"', '"serve"')


def _marks(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers()} & {"unit", "build", "browser"}


def test_every_test_is_either_unit_or_needs_a_build_or_a_browser(request):
    items = request.session.items
    assert request.node in items
    unmarked = [item.nodeid for item in items if not _marks(item)]
    both = [item.nodeid for item in items if "unit" in _marks(item) and _marks(item) & {"build", "browser"}]
    assert unmarked == [] and both == []


def test_a_test_that_builds_a_site_itself_is_marked_build(request):
    unmarked = sorted({item.nodeid.split("[")[0] for item in request.session.items
                       if "unit" in _marks(item) and any(call in inspect.getsource(item.function)
                                                         for call in BUILDS_A_SITE)})
    assert unmarked == []
