"""Adapters between the generator and the site engines that build the site from what it makes."""
