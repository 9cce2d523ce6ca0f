"""``spc demo``: start the local stack, place calls, then run the production evidence job and render its report."""
