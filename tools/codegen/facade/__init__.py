"""The facade's spec-derived modules: models, enums and operation inputs.

``describe`` reads the spec into a plain description (what each model, enum and operation
holds); ``render`` writes it out as Python under ``facade/sendwire/_generated/``. Together with
the low-level client they are what ``make generate`` produces and ``make check-generated``
compares.
"""
