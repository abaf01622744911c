"""Conformance suite (issue #4): the same scenario run under node and under nodehttp, compared line for line."""
