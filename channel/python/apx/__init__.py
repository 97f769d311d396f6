"""apx: the job side of apx's channel (``from apx import channel``)."""
