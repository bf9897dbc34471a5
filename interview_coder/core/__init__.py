"""The domain: values and rules, standard library only."""
