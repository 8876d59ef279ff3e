"""The digital Q&A round (digitale vragenronde) of phase 2: sessions with Bethanië and Pleegzorg,
and the organisations that register for them."""
