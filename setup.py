"""Packaging detail pyproject.toml cannot say: templates/ lives at the top of the checkout (the design
card's layout) and is shipped inside the wheel as the package `factcheck.templates`."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["factcheck", "factcheck.*"]) + ["factcheck.templates"],
    package_dir={"factcheck.templates": "templates"},
)
