# Award categories, rubric, rounds, nominations and scores arrive with the awards feature.
