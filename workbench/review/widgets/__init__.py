"""One widget per module; widgets never touch the store, their screens feed them."""
