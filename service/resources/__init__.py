"""The HTTP resources, one blueprint each: `<name>/routes.py` (views) and `<name>/schemas.py`."""
