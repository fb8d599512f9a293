"""The records and vocabularies of each of the seven steps, one module per step.

| step | module |
| --- | --- |
| 1 listen | [`listening`][strengthmodel.steps.listening] |
| 2 meet the client where they are | [`engagement`][strengthmodel.steps.engagement] |
| 3 focus on strengths | [`strengths`][strengthmodel.steps.strengths] |
| 4 challenge | [`challenges`][strengthmodel.steps.challenges] |
| 5 assess strengths | [`assessment`][strengthmodel.steps.assessment] |
| 6 set achievable goals | [`goals`][strengthmodel.steps.goals] |
| 7 stay well | [`staying_well`][strengthmodel.steps.staying_well] |

[`process`][strengthmodel.steps.process] holds the steps themselves and how they follow
each other.
"""
