package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/bulk"
)

// signedUp is when user u (from 0) signed up: the staff at the launch,
// then a quarter of the people in the first tenth of the year and the
// rest more and more slowly, never later than a tenth before the end.
func (g *synth) signedUp(u int) time.Time {
	if u < 3 {
		return g.from
	}
	x := float64(u) / float64(g.opt.Users)
	return g.from.Add(time.Duration(0.9 * math.Pow(x, 1.6) * g.end.Sub(g.from).Seconds() * float64(time.Second))).Truncate(time.Second)
}

// usersBy counts the users signed up at t (at least one: the admin).
func (g *synth) usersBy(t time.Time) int {
	frac := t.Sub(g.from).Seconds() / (0.9 * g.end.Sub(g.from).Seconds())
	k := min(g.opt.Users, int(float64(g.opt.Users)*math.Pow(max(frac, 0), 1/1.6)))
	for k < g.opt.Users && !g.signedUp(k).After(t) {
		k++
	}
	for k > 1 && g.signedUp(k-1).After(t) {
		k--
	}
	return max(k, 1)
}

// activeUser picks one of the first k users, favouring early ones: the
// people who joined first take part the most.
func activeUser(r *rand.Rand, k int) int {
	x := r.Float64()
	return min(k-1, int(x*x*float64(k)))
}

func (g *synth) userID(u int) int64     { return g.ids.Users + int64(u) + 1 }
func (g *synth) ideaID(i int) int64     { return g.ids.Ideas + int64(i) + 1 }
func (g *synth) staffID(role int) int64 { return g.userID(min(role, g.opt.Users-1)) }

// userCountry is user u's country, drawn from the user's own stream.
func (g *synth) userCountry(u int) string {
	return pickCountry(newRand(g.opt.Seed, streamUser, uint64(u))) //nolint:gosec // G115: u is a user's index, never negative
}

// writeUsers writes the accounts in batches.
func (g *synth) writeUsers(ctx context.Context) error {
	const batch = 20_000
	for lo := 0; lo < g.opt.Users; lo += batch {
		b := &bulk.BulkBatch{}
		for u := lo; u < min(g.opt.Users, lo+batch); u++ {
			b.Users = append(b.Users, g.user(u))
		}
		if err := g.store.Bulk.BulkInsert(ctx, b); err != nil {
			return fmt.Errorf("seed: users: %w", err)
		}
		g.result.Users += int64(len(b.Users))
		g.advance(int64(len(b.Users)))
	}
	return nil
}

func (g *synth) user(u int) accounts.User {
	r := newRand(g.opt.Seed, streamUser, uint64(u)) //nolint:gosec // G115: u is a user's index, never negative
	country := pickCountry(r)
	names := synthNames[nameLanguage(country)]
	at := g.signedUp(u)
	user := accounts.User{ID: g.userID(u), Name: pick(r, names[0]) + " " + pick(r, names[1]),
		Email: "user" + strconv.Itoa(u+1) + "@synthetic.example", PasswordHash: g.hash, Country: country,
		Locale: synthLocales[nameLanguage(country)], Role: accounts.RoleContributor, NotifyEmail: r.IntN(5) > 0, SessionVersion: 1, CreatedAt: at, UpdatedAt: at}
	if r.IntN(8) > 0 {
		verified := at.Add(time.Duration(1+r.IntN(120)) * time.Minute)
		user.VerifiedAt = &verified
	}
	switch u {
	case 0:
		user.Role, user.Name = accounts.RoleAdmin, "Synthetic Admin"
	case 1:
		user.Role, user.Name = accounts.RoleModerator, "Synthetic Moderator"
	case 2:
		user.Role, user.Name = accounts.RoleSponsor, "Synthetic Sponsor"
	}
	return user
}

// pickCountry draws a country: the head of the list by its shares, the
// tail by Zipf's law over what is left.
func pickCountry(r *rand.Rand) string {
	x := r.Float64()
	for _, c := range synthCountryHeads {
		if x -= c.share; x < 0 {
			return c.code
		}
	}
	return countryTail[min(len(countryTail)-1, int(float64(len(countryTail))*math.Pow(r.Float64(), 2.5)))]
}
