// Package seed fills a database with the demo campaign, or with a large
// reproducible dataset for load tests.
//
// Demo loads a few dozen hand-written ideas through the app's own write
// paths, as people would post them.
//
// Synthetic writes the load-test dataset ("Mio x10" by default: 170,000
// users, 100,000 ideas in 10 challenges, 1,000,000 votes, 500,000
// comments) with bulk inserts, into a database without ideas:
//
//   - Accounts: user N (from 1) signs in as userN@synthetic.example with
//     the password SyntheticPassword ("synthetic-password"), hashed once
//     with argon2id and shared by every account. user1 is an admin, user2
//     a moderator, user3 a sponsor, everyone else a contributor. People
//     come from about 160 countries, Brazil and Italy first.
//   - Challenges: ten, without vote budgets; the two oldest are in their
//     voting phase (votes, no new ideas), the others take ideas.
//   - Ideas: titles and Markdown descriptions about a car (design,
//     materials, features, manufacturing, safety, comfort,
//     sustainability), in English mostly, some in Portuguese and French,
//     with tags, categories and statuses along the funnel with official
//     responses. Votes and comments follow Zipf's law: a few ideas get
//     most of them. The idea with the lowest id has exactly 100 comments
//     (SyntheticResult.CommentedIdeaID), for the benchmark of a busy page.
//   - Time: everything happens in the year before the day of the run
//     (UTC), votes and comments after their idea and after their author
//     signed up; authors and commenters follow the idea, as in the app.
//   - Consistency: every counter (votes, comments, followers, hot score,
//     ideas per challenge and per tag) equals a recount, and the search
//     index covers every idea.
//   - Reproducibility: the same seed on the same day gives the same rows
//     (but for the password hash's random salt); on another day, the same
//     rows moved by whole days.
package seed
