"""Imports and exports of files. Every file read here is untrusted input."""
