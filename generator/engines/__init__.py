"""Adapters between the generator and the site engines that turn its outputs into a site.

Each adapter only hands over what ``build.run`` made (``outputs.Output``, theme data, site name);
nothing about the catalogue lives here.
"""
