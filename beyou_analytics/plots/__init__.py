"""Plotly figure builders: frames in, ``Figure`` out; they never load data and never show.

``theme`` holds the compact house template every builder applies.
"""
