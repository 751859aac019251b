"""Exercises of the tour (lesson 0): none; it only shows how a lesson works."""

from nnviz.exercises.registry import choice, number, within  # noqa: F401

EXERCISES = []
