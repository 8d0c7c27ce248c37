"""The engine runs the stages in order: ``pipeline.py`` turns inputs into analysed,
actor-resolved articles (and stores them); ``batch.py`` does that for many inputs with
``workers`` local processes and one writer; ``actors.py`` picks the actor records to store."""
