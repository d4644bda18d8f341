"""Contains endpoint functions for accessing the API"""

# What each operation's functions take besides ``client``: ``hamr`` reads it to import only the operations it calls.
_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "get_hamr_org_connection": (),
    "create_hamr_org_connection": ("body",),
}
