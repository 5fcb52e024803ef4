"""The farm: reading whole archives on a Dask cluster, and work packages for the communes.

``run`` (client) walks an archive and feeds ``tasks`` (on the workers) through Dask; results
go to PostgreSQL (``db``); ``package`` writes one signed work package per book and opens one
at a station. Above the stages it reuses (ingest checks, pipeline, export signing)."""
