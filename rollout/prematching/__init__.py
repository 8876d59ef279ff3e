"""Prematching: the review on paper, the interviews, and the decision per province."""
