"""Use-cases: the only functions that change stored state. Each validates its input against
the contest and the store, writes, records an audit event in the same transaction and
commits explicitly (see `transaction`). All are async and take an `AsyncSession`.

Modules (imported by name; this package imports none of them, to keep imports acyclic):
- contests.usecases.contests   create_contest, get_contest, list_contests, new_version
- contests.usecases.people     units, teams, competitors (CRUD) and import_registrations
- contests.usecases.judges     judges, panels and recusals
- contests.usecases.draws      run_draw, get_draw
- contests.usecases.audit_log  list_audit
- contests.usecases.campaigns, campaign_submissions, campaign_reviews, campaign_awards
                                five-smalls campaigns: definitions, units, reviewers, drafts,
                                the workflow, panels and scores, award lists, statistics
                                (campaign_store loads rows, campaign_views holds the Structs)
- contests.usecases.views      the Structs they return
- contests.usecases.errors     NotFound (404), Conflict (409)
"""
