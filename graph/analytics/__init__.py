"""Analytics over the loaded graph. Each returns its evidence (paths, figures) with the answer.

A module's result dataclasses are also the API's response models (api/routers/<feature>.py): a field's
description (pydantic `Field` inside `Annotated`) reaches OpenAPI, a property marked `computed_field` is
in the JSON, and `Field(exclude=True)` keeps a field out of it.
"""
