"""The use cases: everything a person can do to a project, written once.

The window and the command line call only this package (and core/ for its
types). A use case takes plain arguments, returns plain results, and raises a
`core.errors` type for anything the user can fix. Modules by area:

    project      open, create, describe, back up, forms
    studies      the study list, studies CSV, PDFs
    extraction   a study's answers and every edit of them, extraction CSV
    review       disagreements, their resolution, agreement, reviewer pairs
    rob          risk-of-bias instruments, judgements, robvis files, figures
    outputs      tables, synthesis, data, PRISMA, their saved settings
    export_all   every output into one folder
    exchange     reviewers' copies, reviewer packages, update packages
    desktop      this desktop's own settings and reviewer profile
"""
