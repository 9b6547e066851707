package seed

// Demo content for Ideario: a crowdsourced concept-car campaign in the spirit
// of Fiat Mio. Everything here is fictional and written for the demo.

// demoUser is one person of the demo campaign.
type demoUser struct {
	Name    string // full name
	Email   string // lowercase, example domains only
	Country string // ISO 3166-1 alpha-2
	Locale  string // "en", "pt", "es", "fr" or "it"
}

// demoChallenge is a question the sponsor asks.
type demoChallenge struct {
	Slug        string
	Title       string
	Description string   // Markdown
	Phase       string   // "ideation", "voting", "review" or "results"
	Categories  []string // category slugs
	VoteBudget  int      // 0 = unlimited
}

// demoCategory is a topic.
type demoCategory struct{ Slug, Name, Description string }

// demoComment is a comment with its replies.
type demoComment struct {
	Author  int    // index into demoUsers
	Body    string // Markdown
	Replies []demoComment
}

// demoIdea is an idea with its discussion.
type demoIdea struct {
	Challenge string   // challenge slug, or "" for the always-open ideas box
	Category  string   // category slug
	Title     string   // 5-140 characters
	Body      string   // Markdown
	Tags      []string // 1-3 lowercase tags
	Author    int      // index into demoUsers
	DaysAgo   int      // when it was posted, 0-60
	Status    string   // "new", "under_review", "accepted", "in_progress", "implemented" or "declined"
	Response  string   // official response (Markdown) when Status != "new"
	Votes     int      // how many demo users vote for it
	Comments  []demoComment
}

var demoCategories = []demoCategory{
	{
		Slug:        "design",
		Name:        "Design",
		Description: "The shape, proportions, colours and interior layout of the car, and how it feels to sit in and look at.",
	},
	{
		Slug:        "materials",
		Name:        "Materials",
		Description: "What the car is made of, from body panels to seat fabric, and how those materials can be cleaner, tougher or easier to recycle.",
	},
	{
		Slug:        "features",
		Name:        "Features",
		Description: "Equipment, technology and everyday conveniences that make the car safer, smarter or simply more pleasant to live with.",
	},
	{
		Slug:        "manufacturing",
		Name:        "Manufacturing",
		Description: "How the car is built, delivered, repaired and finally taken apart at the end of its life.",
	},
}

var demoChallenges = []demoChallenge{
	{
		Slug:  "car-of-the-future",
		Title: "What should the car of the future be like?",
		Description: `We are starting work on a new concept car, and this time we want to design it together with you. Nothing is fixed yet: not the shape, not the materials, not what goes on the dashboard or how the car is built.

Tell us what annoys you about the cars you drive today, what you wish they could do, and how you think they should be made. Small, practical ideas are just as welcome as bold ones.

- Be specific: a clear description beats a slogan.
- Build on other people's ideas in the comments.
- Vote for the ideas you would want in your own garage.

The Ideario design team reads every idea and answers the most supported ones.`,
		Phase:      "ideation",
		Categories: []string{"design", "materials", "features", "manufacturing"},
		VoteBudget: 0,
	},
	{
		Slug:  "materials-of-tomorrow",
		Title: "Which sustainable materials should the concept car use?",
		Description: `A car is roughly a tonne of steel, aluminium, plastic, glass and fabric. We want the concept car to prove that a good part of that can come from renewable or recycled sources without making it heavier, weaker or more expensive.

The ideation round is closed and the shortlist is below. **Each participant has 10 votes** for this round, so spend them on the ideas you believe in most.

The most voted materials will be tested by our engineering team on real prototype parts.`,
		Phase:      "voting",
		Categories: []string{"materials", "manufacturing"},
		VoteBudget: 10,
	},
	{
		Slug:  "city-mobility",
		Title: "How should the car fit into crowded cities?",
		Description: `Narrow streets, tight parking spaces, traffic jams and more people on foot and on bikes every year: the city is where most cars spend their lives, and it is rarely designed around them.

We asked how the concept car could be a better neighbour in dense cities. The voting is over and our team has answered every idea below.

Thank you to everyone who took part. Some of these ideas are already on the prototype.`,
		Phase:      "results",
		Categories: []string{"design", "features"},
		VoteBudget: 0,
	},
}

var demoUsers = []demoUser{
	{Name: "João Araújo", Email: "joao.araujo@example.org", Country: "BR", Locale: "pt"},             // 0
	{Name: "Mariana Conceição", Email: "mariana.conceicao@example.com", Country: "BR", Locale: "pt"}, // 1
	{Name: "Luís Gonçalves", Email: "luis.goncalves@example.net", Country: "PT", Locale: "pt"},       // 2
	{Name: "Inês Falcão", Email: "ines.falcao@example.org", Country: "PT", Locale: "pt"},             // 3
	{Name: "Amélie Lefèvre", Email: "amelie.lefevre@example.org", Country: "FR", Locale: "fr"},       // 4
	{Name: "Théo Mercier", Email: "theo.mercier@example.com", Country: "FR", Locale: "fr"},           // 5
	{Name: "Giulia Esposito", Email: "giulia.esposito@example.org", Country: "IT", Locale: "it"},     // 6
	{Name: "Niccolò Bernardi", Email: "niccolo.bernardi@example.net", Country: "IT", Locale: "it"},   // 7
	{Name: "Jürgen Köhler", Email: "juergen.koehler@example.com", Country: "DE", Locale: "en"},       // 8
	{Name: "Lena Weiß", Email: "lena.weiss@example.org", Country: "DE", Locale: "en"},                // 9
	{Name: "Emily Carter", Email: "emily.carter@example.com", Country: "US", Locale: "en"},           // 10
	{Name: "Marcus Bell", Email: "marcus.bell@example.net", Country: "US", Locale: "en"},             // 11
	{Name: "Sofía Martínez", Email: "sofia.martinez@example.org", Country: "AR", Locale: "es"},       // 12
	{Name: "Tomás Ibáñez", Email: "tomas.ibanez@example.com", Country: "ES", Locale: "es"},           // 13
	{Name: "Yuki Tanaka", Email: "yuki.tanaka@example.net", Country: "JP", Locale: "en"},             // 14
	{Name: "Priya Raghavan", Email: "priya.raghavan@example.org", Country: "IN", Locale: "en"},       // 15
	{Name: "Rodrigo Peña", Email: "rodrigo.pena@example.com", Country: "MX", Locale: "es"},           // 16
	{Name: "Thandiwe Nkosi", Email: "thandiwe.nkosi@example.org", Country: "ZA", Locale: "en"},       // 17
	{Name: "Camille Dubé", Email: "camille.dube@example.net", Country: "CA", Locale: "fr"},           // 18
	{Name: "Beatriz Simões", Email: "beatriz.simoes@example.com", Country: "BR", Locale: "pt"},       // 19
	{Name: "Rafael Guimarães", Email: "rafael.guimaraes@example.org", Country: "BR", Locale: "pt"},   // 20
	{Name: "Chloé Girard", Email: "chloe.girard@example.com", Country: "BE", Locale: "fr"},           // 21
	{Name: "Søren Kjær", Email: "soren.kjaer@example.net", Country: "DK", Locale: "en"},              // 22
	{Name: "Zoë Vermeulen", Email: "zoe.vermeulen@example.org", Country: "NL", Locale: "en"},         // 23
	{Name: "Andrés Muñoz", Email: "andres.munoz@example.com", Country: "CL", Locale: "en"},           // 24
	{Name: "Aylin Yıldız", Email: "aylin.yildiz@example.net", Country: "TR", Locale: "en"},           // 25
	{Name: "Fatou Diallo", Email: "fatou.diallo@example.org", Country: "SN", Locale: "fr"},           // 26
	{Name: "Małgorzata Nowak", Email: "malgorzata.nowak@example.com", Country: "PL", Locale: "en"},   // 27
	{Name: "Paulo Brandão", Email: "paulo.brandao@example.net", Country: "BR", Locale: "pt"},         // 28
	{Name: "Elena Rossi", Email: "elena.rossi@example.com", Country: "IT", Locale: "en"},             // 29
}

var demoIdeas = []demoIdea{
	// ---------------------------------------------------------------
	// car-of-the-future: design
	// ---------------------------------------------------------------
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "Let the community vote on the launch colour",
		Body: `Before the first concept is painted, let the people on this site choose its colour. The design team could shortlist five shades, we vote for two weeks, and the winner gets a name suggested by a participant.

It costs almost nothing and everyone who voted would feel that the car is a little bit theirs.`,
		Tags:     []string{"colour", "community"},
		Author:   0,
		DaysAgo:  21,
		Status:   "accepted",
		Response: "We love this one. The colour vote will open as a separate challenge once the body shape is frozen, with five shades from our colour studio and names proposed by the community.",
		Votes:    14,
		Comments: []demoComment{
			{
				Author: 6,
				Body:   "Yes! Please include at least one shade that isn't grey, white or black. Streets are starting to look like a monochrome photo.",
				Replies: []demoComment{
					{Author: 0, Body: "Agreed. I'd ask the team to put one warm colour on the shortlist no matter what, like a terracotta or a mustard yellow."},
				},
			},
			{Author: 22, Body: "Fun idea, but the winner should also be available as a normal paint option later, not just on the show car."},
			{Author: 1, Body: "Eu votaria num verde bem brasileiro, tipo folha de bananeira. 🌿"},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "A completely flat floor, no central tunnel",
		Body: `Without a tunnel running down the middle, a small car suddenly feels much bigger inside. The middle rear passenger gets real foot space, and you can slide across from the driver's seat to the passenger side when you are parked tight against a wall.

An electric drivetrain with the battery under the floor makes this easy, and it also helps with a lower centre of gravity.`,
		Tags:    []string{"interior", "space"},
		Author:  2,
		DaysAgo: 18,
		Status:  "new",
		Votes:   7,
		Comments: []demoComment{
			{
				Author: 17,
				Body:   "If the floor is flat, a big storage drawer under the front passenger seat would be great too.",
				Replies: []demoComment{
					{Author: 2, Body: "Good point, that space is usually wasted. A drawer that fits a laptop bag would do."},
				},
			},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "Thin pillars and a big glass area so you can actually see out",
		Body: `Modern cars have become bunkers: thick A-pillars, high waistlines and tiny rear windows, then we add cameras to fix the problem we created.

I'd like a cabin with **slim pillars**, a low window line and a proper rear window. It makes the car safer around pedestrians and cyclists, and the inside feels brighter and less claustrophobic.`,
		Tags:    []string{"visibility", "safety"},
		Author:  14,
		DaysAgo: 12,
		Status:  "new",
		Votes:   6,
		Comments: []demoComment{
			{Author: 8, Body: "Roof crush tests are the reason pillars got thick, but high-strength steel or a hot-formed tube could keep them slim. Worth asking the engineers."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "A front light strip that tells pedestrians what the car will do",
		Body: `A thin light strip across the front could show simple, standard signals: steady when the car is waiting for you to cross, a slow sweep when it is about to move off.

Eye contact with the driver doesn't always work, especially at night or with tinted glass. This would be a clear, friendly signal that anyone understands without reading anything.`,
		Tags:    []string{"safety", "lighting"},
		Author:  11,
		DaysAgo: 9,
		Status:  "new",
		Votes:   3,
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "Bancos traseiros que somem no assoalho",
		Body: `Em vez de só rebater o encosto, os bancos traseiros poderiam afundar num rebaixo do assoalho e deixar o fundo do carro **totalmente plano**.

Assim dá para levar uma geladeira pequena, uma bicicleta ou a mudança do filho para a faculdade sem ter que alugar uma van. Muita gente na cidade só tem um carro e precisa que ele faça de tudo.`,
		Tags:    []string{"interior", "practicality"},
		Author:  1,
		DaysAgo: 15,
		Status:  "new",
		Votes:   8,
		Comments: []demoComment{
			{Author: 28, Body: "Boa! Já carreguei um sofá de dois lugares num carro pequeno e foi um sufoco. Com o piso plano seria outra história."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "A shape that still looks good in fifteen years",
		Body: `Most cars look dated after five years because they chase trends: fake air vents, chrome strips, aggressive headlights.

I'd prefer a calm, honest shape with few lines and no decoration that doesn't do anything. People keep a car longer when they still like looking at it, and keeping cars longer is the most sustainable thing we can do.`,
		Tags:    []string{"longevity", "styling"},
		Author:  8,
		DaysAgo: 25,
		Status:  "new",
		Votes:   5,
		Comments: []demoComment{
			{Author: 29, Body: "Think of the small Italian cars from the fifties and sixties: nobody calls them dated, they are just lovely. Simplicity ages well."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "design",
		Title:     "Un tableau de bord épuré, avec de vrais boutons",
		Body: `Je ne veux pas d'un écran géant qui contrôle tout. Pour la climatisation, le volume et les feux de détresse, il faut de **vrais boutons** qu'on trouve sans quitter la route des yeux.

Un petit écran pour la navigation suffit, ou mieux encore, un support propre pour le téléphone. Moins d'écrans, c'est aussi moins d'électronique à remplacer dans dix ans.`,
		Tags:    []string{"interior", "safety"},
		Author:  4,
		DaysAgo: 7,
		Status:  "new",
		Votes:   9,
		Comments: []demoComment{
			{
				Author: 21,
				Body:   "Entièrement d'accord. Régler la ventilation dans trois sous-menus en roulant, c'est dangereux.",
				Replies: []demoComment{
					{Author: 15, Body: "Same feeling here, even if my French is shaky: physical knobs for climate, please!"},
				},
			},
		},
	},

	// ---------------------------------------------------------------
	// car-of-the-future: materials
	// ---------------------------------------------------------------
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "Seat fabric woven from recycled PET bottles",
		Body: `Polyester made from recycled PET bottles is already used for backpacks and sportswear, and it is tough, easy to clean and cheap. The seats, headliner and door inserts of the concept car could all use it.

- Around 50 to 80 bottles per car would go into the fabric instead of a landfill.
- The yarn can be dyed in the mass, so colours don't fade in the sun.
- It could be recycled again when the car is scrapped.

A small label on the seat saying how many bottles it contains would be a nice touch.`,
		Tags:     []string{"sustainability", "interior", "recycling"},
		Author:   19,
		DaysAgo:  28,
		Status:   "accepted",
		Response: "This is going into the concept car. Our suppliers have sampled three recycled PET fabrics and the seats, headliner and door inserts of the first prototype will use one of them. And yes, the bottle count label is on the list.",
		Votes:    27,
		Comments: []demoComment{
			{
				Author: 10,
				Body:   "Love it. My only worry is whether it feels scratchy. Some recycled fabrics I've touched feel like a cheap shopping bag.",
				Replies: []demoComment{
					{Author: 19, Body: "It depends a lot on the weave. The better ones have a soft brushed finish, you honestly can't tell the difference."},
					{Author: 6, Body: "I have a jacket made of it and it's softer than my wool one. The finishing is what matters."},
				},
			},
			{
				Author: 0,
				Body:   "Aqui no Brasil a coleta de PET já é bem organizada, seria ótimo comprar a garrafa de cooperativas de catadores.",
				Replies: []demoComment{
					{Author: 19, Body: "Exatamente, João! Dá para fechar o ciclo com as cooperativas locais e ainda gerar renda."},
				},
			},
			{Author: 23, Body: "Please also check what happens with microfibres when the seats are cleaned. Polyester sheds, and that ends up in the water."},
			{Author: 13, Body: "The bottle label is a great idea. People love a number they can repeat to their friends."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "Seat covers you can zip off and put in the washing machine",
		Body: `With two kids and a dog, my car seats are a disaster. Give us covers that zip off in a few minutes and go straight into a normal washing machine at 40 °C.

It would also make the car easier to resell, since the interior would look almost new after a wash. Replacement covers in different colours could be sold as accessories.`,
		Tags:    []string{"interior", "family"},
		Author:  10,
		DaysAgo: 20,
		Status:  "new",
		Votes:   16,
		Comments: []demoComment{
			{
				Author: 12,
				Body:   "Yes please. And make the zips hidden so they don't scratch anyone's legs in summer.",
				Replies: []demoComment{
					{Author: 10, Body: "Hidden zips or strong velcro, whichever survives a hundred washes."},
				},
			},
			{Author: 16, Body: "Airbags in the seat sides might complicate this, but some brands already manage it with special seams."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "Cork door panels instead of hard plastic",
		Body: `Cork is light, warm to the touch, absorbs noise and is harvested without cutting down the tree. Portugal produces most of the world's cork and a lot of it is already leftover from making wine stoppers.

Door panels and the centre console trim in cork composite would look different from every other car and would help keep road noise down.`,
		Tags:    []string{"sustainability", "interior"},
		Author:  3,
		DaysAgo: 14,
		Status:  "new",
		Votes:   9,
		Comments: []demoComment{
			{
				Author: 8,
				Body:   "How does cork handle years of sun behind the glass? I'd worry about it drying out and crumbling.",
				Replies: []demoComment{
					{Author: 3, Body: "Agglomerated cork with a binder is quite stable, it's used on floors and even on spacecraft heat shields. A light coating should be enough."},
				},
			},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "Floor mats made from old tyres",
		Body:      "Millions of tyres are thrown away every year. Ground rubber from old tyres can be pressed into durable floor mats and boot liners that are easy to hose down. It's simple, cheap and a good story for a car that wants to be greener.",
		Tags:      []string{"recycling", "interior"},
		Author:    17,
		DaysAgo:   6,
		Status:    "new",
		Votes:     4,
	},
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "No animal leather anywhere, including the steering wheel",
		Body: `Even cars with fabric seats often have a leather steering wheel and gear knob. I'd like a concept car with **no animal leather at all**.

There are good alternatives now: microfibre, textiles with a grippy finish, or plant-based leathers made from things like cactus or apple waste.`,
		Tags:    []string{"sustainability", "interior"},
		Author:  23,
		DaysAgo: 11,
		Status:  "new",
		Votes:   7,
		Comments: []demoComment{
			{
				Author: 11,
				Body:   "Fine by me, as long as the wheel isn't slippery with sweaty hands in summer. That's the real test.",
				Replies: []demoComment{
					{Author: 23, Body: "Totally fair. Some of the perforated microfibre wheels are actually grippier than leather."},
				},
			},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "materials",
		Title:     "Coloured-through bumpers that hide scratches",
		Body:      "City cars get scraped all the time. If the bumpers are made of plastic that is coloured all the way through instead of painted, small scratches barely show and nobody needs a body shop for a parking-lot scuff. It also skips a painting step at the factory.",
		Tags:      []string{"durability", "city"},
		Author:    16,
		DaysAgo:   3,
		Status:    "new",
		Votes:     2,
	},

	// ---------------------------------------------------------------
	// car-of-the-future: features
	// ---------------------------------------------------------------
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "A solar roof that ventilates the cabin while parked",
		Body: `In hot countries a car parked in the sun reaches over 60 °C inside. A thin strip of solar cells on the roof could power a small fan that keeps air moving while the car is parked, with no drain on the main battery.

- The cabin would be much cooler when you come back.
- Less need to run the air conditioning at full power for the first ten minutes.
- Any extra energy could trickle-charge the 12 V battery.

It doesn't need to drive the car, just keep it from turning into an oven.`,
		Tags:     []string{"solar", "comfort", "energy"},
		Author:   15,
		DaysAgo:  26,
		Status:   "in_progress",
		Response: "Our engineers are building a test roof with integrated cells and a low-power ventilation fan. First measurements on a car parked in the sun show the cabin staying well over 10 °C cooler; we'll share results here once testing is complete.",
		Votes:    26,
		Comments: []demoComment{
			{
				Author: 20,
				Body:   "No Rio de Janeiro isso seria um sonho. Entrar no carro em janeiro é um castigo.",
				Replies: []demoComment{
					{Author: 15, Body: "Same in Chennai in May! Even a small fan makes a big difference."},
				},
			},
			{
				Author: 22,
				Body:   "Would the cells be worth it in Denmark? Our summers are short, but I guess it could also help defrost in winter.",
				Replies: []demoComment{
					{Author: 8, Body: "Probably not defrost, the power is too low. But keeping the 12 V battery topped up over a long winter parking period would already be useful."},
				},
			},
			{Author: 24, Body: "Make sure the fan is whisper quiet. A car that hums in the parking lot at night would annoy the neighbours."},
			{
				Author: 13,
				Body:   "What happens to the cells in a hailstorm?",
				Replies: []demoComment{
					{Author: 15, Body: "Laminated cells under glass usually pass hail tests, the same way house panels do. Good question for the engineers, though."},
				},
			},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "A modular dashboard you can upgrade instead of replacing the car",
		Body: `Electronics age much faster than the rest of a car. After five years the screen is slow, the maps are old and the phone connection doesn't work anymore.

The dashboard could be built around a few **standard slots**: the infotainment unit, the instrument display and the controls would be separate modules held by a few screws and a common connector. When something gets old you buy the new module, not a new car.`,
		Tags:     []string{"technology", "longevity", "interior"},
		Author:   7,
		DaysAgo:  23,
		Status:   "under_review",
		Response: "The electronics and interior teams are studying a slot-based dashboard with a common connector. The main challenges are crash safety and keeping older modules working with newer ones; we'll report back before the end of the ideation phase.",
		Votes:    19,
		Comments: []demoComment{
			{
				Author: 5,
				Body:   "Excellent idée. Like changing the graphics card in a computer: the rest of the car stays.",
				Replies: []demoComment{
					{Author: 7, Body: "Exactly, and a third-party ecosystem could appear if the connector is an open standard."},
				},
			},
			{
				Author: 9,
				Body:   "I'd worry about manufacturers using this to sell expensive modules every two years. It has to stay optional.",
				Replies: []demoComment{
					{Author: 7, Body: "Agreed, the car must work perfectly with the original modules for its whole life. Upgrades only if you want them."},
				},
			},
			{Author: 27, Body: "Maybe the simplest version is a great phone holder and a standard port, and the phone is the upgradeable module."},
			{Author: 14, Body: "Please keep the basic instruments separate from the infotainment, so a frozen screen never hides the speed."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "Cameras instead of side mirrors",
		Body: `Replacing the side mirrors with small cameras and screens inside the doors reduces drag, cuts wind noise and makes the car a bit narrower, which helps in tight streets.

The image can also brighten automatically at night and widen when you indicate to change lanes.`,
		Tags:     []string{"aerodynamics", "technology"},
		Author:   22,
		DaysAgo:  17,
		Status:   "declined",
		Response: "Thank you, Søren. Camera mirrors are not yet approved in every market where the concept will be shown, and in our clinics many drivers found the screens distracting at first. We'll keep aerodynamic, slim conventional mirrors for now and revisit the idea later.",
		Votes:    6,
		Comments: []demoComment{
			{
				Author: 29,
				Body:   "I drove a car with these once and my eyes took a week to adjust. I kept looking out of the window at nothing.",
				Replies: []demoComment{
					{Author: 22, Body: "True, there's a learning curve. After a while I found them better in the rain, though."},
				},
			},
			{
				Author: 16,
				Body:   "And if a camera breaks, is the car still legal to drive? A cracked mirror at least still works.",
				Replies: []demoComment{
					{Author: 25, Body: "That's my concern too. Cheap to replace a mirror glass, probably not cheap to replace a camera."},
				},
			},
			{Author: 10, Body: "Sad to see it declined, but the reasoning makes sense. Maybe for the next generation."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "A light that confirms the child seat is locked in",
		Body:      "Many child seats are installed wrongly without anyone noticing. A small green light next to each ISOFIX anchor that turns on only when the seat is properly locked, plus a warning on the dashboard if it comes loose, would give parents real peace of mind.",
		Tags:      []string{"safety", "family"},
		Author:    12,
		DaysAgo:   10,
		Status:    "new",
		Votes:     8,
		Comments: []demoComment{
			{Author: 10, Body: "As a parent: yes. Some seats have indicators on the seat itself, but having it on the car would cover every brand."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "Phone as key, plus a spare card that never needs a battery",
		Body: `Using the phone as the key is convenient, but phones run out of battery at the worst moment. Include a thin NFC card that fits in a wallet and works without any battery, just by tapping it on the door handle.

Owners could also share temporary digital keys with family members for a day or a week.`,
		Tags:    []string{"technology", "access"},
		Author:  24,
		DaysAgo: 5,
		Status:  "new",
		Votes:   3,
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "Sensor que avisa a profundidade da água em ruas alagadas",
		Body: `Em muitas cidades brasileiras as ruas alagam em poucos minutos de chuva forte, e é impossível saber se dá para passar. Um sensor ultrassônico embaixo dos retrovisores poderia medir a profundidade da água à frente e mostrar no painel: **passa**, **cuidado** ou **não passa**.

Isso evitaria muito motor estragado e, mais importante, gente presa dentro do carro.`,
		Tags:    []string{"safety", "weather"},
		Author:  20,
		DaysAgo: 13,
		Status:  "new",
		Votes:   9,
		Comments: []demoComment{
			{
				Author: 28,
				Body:   "Em São Paulo isso seria útil todo verão. Às vezes a água parece rasa e não é.",
				Replies: []demoComment{
					{Author: 20, Body: "Exato, Paulo. E com o mapa do app dava até para avisar os outros motoristas onde alagou."},
				},
			},
			{Author: 17, Body: "Flash floods happen in Johannesburg too. Translating for myself: a water-depth sensor, great idea!"},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "features",
		Title:     "A short trip summary showing what each drive really cost",
		Body:      "After each trip, show a simple summary: distance, energy used, cost in money and an estimate of emissions. Seeing that a 2 km drive to the bakery cost as much as a coffee might make people walk more often.",
		Tags:      []string{"energy", "awareness"},
		Author:    27,
		DaysAgo:   2,
		Status:    "new",
		Votes:     1,
	},

	// ---------------------------------------------------------------
	// car-of-the-future: manufacturing
	// ---------------------------------------------------------------
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "Let buyers watch their own car being built",
		Body: `When you order, you get a link to follow your car down the assembly line: a photo at each station, and a short live camera view at key moments like the "marriage" of body and chassis.

Buyers who live near the plant could book a visit on the day their car is assembled and drive it away at the end of the line. It would make the factory feel open and build a lot of trust.`,
		Tags:    []string{"transparency", "factory"},
		Author:  13,
		DaysAgo: 24,
		Status:  "new",
		Votes:   17,
		Comments: []demoComment{
			{
				Author: 7,
				Body:   "I would absolutely bring my kids to see this. Turning a car purchase into a family day out is brilliant marketing.",
				Replies: []demoComment{
					{Author: 13, Body: "That's the idea! And the workers would get to meet the people who drive what they build."},
				},
			},
			{Author: 26, Body: "Workers should agree to being filmed, of course. Cameras on the robots and the car, not on people's faces."},
			{Author: 4, Body: "Quelle belle idée. Une photo de chaque étape dans un petit album remis avec les clés, ce serait un souvenir magnifique."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "Screws, not glue: design every part to be removable",
		Body: `Many modern parts are glued or welded in ways that make repair expensive or impossible. The concept car could follow a simple rule: **every part that can wear out must come off with standard tools**.

- Headlights held by screws, not bonded to the body.
- Battery modules that can be swapped one by one.
- Interior trim with clips that survive being removed more than once.

Cheaper repairs mean cars stay on the road longer and independent mechanics can work on them.`,
		Tags:    []string{"repair", "longevity"},
		Author:  9,
		DaysAgo: 19,
		Status:  "new",
		Votes:   9,
		Comments: []demoComment{
			{
				Author: 17,
				Body:   "Independent garages would love this brand. Where I live the dealer is a two-hour drive away.",
				Replies: []demoComment{
					{Author: 9, Body: "Exactly the point. Repairability is a big deal outside the big cities."},
				},
			},
			{Author: 8, Body: "Glue sometimes adds stiffness for crash safety, so it won't be everywhere. But for lights, trim and batteries there's no excuse."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "Publier les plans 3D des petites pièces en plastique",
		Body: `Une agrafe cassée, un cache de ceinture, un bouton de boîte à gants : ces petites pièces coûtent cher chez le concessionnaire et sont souvent introuvables après dix ans.

Si le constructeur publiait les **fichiers 3D** des pièces non critiques pour la sécurité, n'importe qui pourrait les imprimer chez lui ou dans un fablab. La voiture vivrait beaucoup plus longtemps.`,
		Tags:    []string{"repair", "open-source"},
		Author:  5,
		DaysAgo: 16,
		Status:  "new",
		Votes:   6,
		Comments: []demoComment{
			{
				Author: 18,
				Body:   "Génial. J'ai imprimé moi-même un clip de pare-soleil pour ma vieille voiture, il tient depuis trois ans.",
				Replies: []demoComment{
					{Author: 5, Body: "Voilà ! Et si le fichier est officiel, la pièce sera bien plus fiable qu'une copie mesurée au pied à coulisse."},
				},
			},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "Small regional assembly plants close to buyers",
		Body: `Instead of one giant factory shipping cars across oceans, final assembly could happen in smaller plants close to the main markets. Body and powertrain come as kits; seats, trim and local options are added regionally.

Shipping kits takes less space than shipping finished cars, and each plant creates local jobs.`,
		Tags:    []string{"factory", "logistics"},
		Author:  26,
		DaysAgo: 8,
		Status:  "new",
		Votes:   5,
		Comments: []demoComment{
			{Author: 11, Body: "Some brands did something like this decades ago with kit assembly. Worth looking at what worked and what didn't."},
		},
	},
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "A guaranteed buy-back at the end of the car's life",
		Body:      "When you buy the car, the manufacturer commits to buying it back at a fixed minimum price when it reaches the end of its life. The factory recovers the battery, aluminium and plastics in a controlled way, and owners have a reason not to abandon old cars on the street.",
		Tags:      []string{"recycling", "circular-economy"},
		Author:    21,
		DaysAgo:   4,
		Status:    "new",
		Votes:     4,
	},
	{
		Challenge: "car-of-the-future",
		Category:  "manufacturing",
		Title:     "Three versions only, everything else as a dealer accessory",
		Body:      "Dozens of trim combinations make the assembly line complicated and expensive. Build just three well-equipped versions and offer the extras (roof bars, tow hook, special wheels) as accessories that can be fitted later. Simpler production should mean a lower price and shorter waiting times.",
		Tags:      []string{"factory", "cost"},
		Author:    29,
		DaysAgo:   1,
		Status:    "new",
		Votes:     0,
	},

	// ---------------------------------------------------------------
	// materials-of-tomorrow
	// ---------------------------------------------------------------
	{
		Challenge: "materials-of-tomorrow",
		Category:  "materials",
		Title:     "Body panels in bio-resin reinforced with flax fibre",
		Body: `Flax fibre is grown in Europe with little water, and combined with a resin made partly from plant oils it gives panels that are light and surprisingly stiff. Some racing cars already use it for bodywork.

The bonnet, boot lid and door skins could be made this way. They would be lighter than steel, and the flax absorbs vibrations, which helps with noise.`,
		Tags:     []string{"bio-based", "lightweight", "body"},
		Author:   6,
		DaysAgo:  40,
		Status:   "under_review",
		Response: "Our materials lab has ordered flax and bio-resin samples from two suppliers and will test a bonnet and a door skin for stiffness, weathering and repair. The result will decide whether the concept car gets bio-composite panels.",
		Votes:    18,
		Comments: []demoComment{
			{
				Author: 4,
				Body:   "There is a [study](https://example.org/study) comparing flax and glass fibre panels: the flax ones were lighter, but they needed a good moisture barrier.",
				Replies: []demoComment{
					{Author: 6, Body: "Thanks Amélie, that matches what I read. The clear coat does most of the work against moisture."},
				},
			},
			{Author: 16, Body: "How would a body shop repair a dent in a composite panel? Steel can be hammered out, flax can't."},
			{Author: 9, Body: "It's a great fit for the parts that rarely get hit, like the roof and bonnet. Keep steel where the dents happen."},
		},
	},
	{
		Challenge: "materials-of-tomorrow",
		Category:  "materials",
		Title:     "Plástico de cana-de-açúcar no acabamento interno",
		Body: `O Brasil já produz polietileno a partir do etanol de cana-de-açúcar, e ele é quimicamente igual ao plástico de petróleo. Dá para usar nas mesmas máquinas, sem mudar o processo.

Painéis internos, porta-luvas e caixas de roda poderiam ser feitos com esse **plástico verde**, que captura carbono enquanto a cana cresce.`,
		Tags:    []string{"bio-based", "interior"},
		Author:  28,
		DaysAgo: 38,
		Status:  "new",
		Votes:   8,
		Comments: []demoComment{
			{
				Author: 19,
				Body:   "Excelente, Paulo. E o bagaço da cana ainda poderia virar fibra para reforçar peças.",
				Replies: []demoComment{
					{Author: 28, Body: "Boa ideia, Beatriz! Aproveitar a planta inteira."},
				},
			},
			{Author: 12, Body: "Sounds very promising. Is there enough land for this without competing with food crops? Genuine question."},
		},
	},
	{
		Challenge: "materials-of-tomorrow",
		Category:  "materials",
		Title:     "Recycled aluminium for the wheels and bonnet",
		Body:      "Recycled aluminium needs only a small fraction of the energy used to make new aluminium from ore. Wheels, the bonnet and the crash beams could be specified as mostly recycled content, with the percentage published for each part.",
		Tags:      []string{"recycling", "lightweight"},
		Author:    8,
		DaysAgo:   35,
		Status:    "new",
		Votes:     7,
	},
	{
		Challenge: "materials-of-tomorrow",
		Category:  "materials",
		Title:     "Coconut fibre cushions instead of polyurethane foam",
		Body: `Coconut husk fibre bound with natural latex has been used in mattresses for years. It breathes much better than foam, so the seats stay cooler in hot weather.

The husks are a waste product in coastal Brazil, India and Southeast Asia, so the supply already exists.`,
		Tags:    []string{"bio-based", "comfort"},
		Author:  1,
		DaysAgo: 33,
		Status:  "new",
		Votes:   9,
		Comments: []demoComment{
			{Author: 15, Body: "In India coir mattresses are everywhere. Great in the heat. Would love to see it in a car seat."},
		},
	},
	{
		Challenge: "materials-of-tomorrow",
		Category:  "manufacturing",
		Title:     "Water-based paint and a paint shop that recycles its own waste",
		Body:      "The paint shop is the most polluting part of a car factory. Use water-based paints, capture the overspray for reuse, and treat the rinse water on site so it can go back into the process.",
		Tags:      []string{"factory", "paint"},
		Author:    25,
		DaysAgo:   44,
		Status:    "implemented",
		Response:  "Good news, Aylin: the plant that will build the concept car switched to water-based paint last year, and its new overspray recovery system went live this month. We'll publish the water and solvent savings in the project report.",
		Votes:     6,
		Comments: []demoComment{
			{Author: 27, Body: "Nice to see an idea that's already done. Please publish the numbers, that's how you earn trust."},
		},
	},
	{
		Challenge: "materials-of-tomorrow",
		Category:  "manufacturing",
		Title:     "Des emballages réutilisables pour les pièces livrées à l'usine",
		Body:      "Chaque jour, l'usine reçoit des tonnes de pièces emballées dans du carton et du plastique jetables. Des caisses pliables et réutilisables, qui font l'aller-retour avec les fournisseurs, réduiraient énormément les déchets sans changer la voiture elle-même.",
		Tags:      []string{"logistics", "waste"},
		Author:    18,
		DaysAgo:   31,
		Status:    "new",
		Votes:     3,
	},

	// ---------------------------------------------------------------
	// city-mobility (results phase)
	// ---------------------------------------------------------------
	{
		Challenge: "city-mobility",
		Category:  "design",
		Title:     "Under 3.6 metres long, with room for four adults",
		Body: `City cars keep growing. I'd like the concept to stay **under 3.6 m long**, with very short overhangs and the wheels pushed out to the corners.

With a flat floor and thin seats, four adults could still fit, and the car would park nose-first in spaces where others need to parallel park.`,
		Tags:     []string{"city", "size", "packaging"},
		Author:   7,
		DaysAgo:  58,
		Status:   "accepted",
		Response: "Accepted. The concept car's package is frozen at 3.58 m long, with the wheels at the corners and seats for four adults up to 1.85 m tall. Thank you to everyone who pushed for a compact car.",
		Votes:    22,
		Comments: []demoComment{
			{
				Author: 3,
				Body:   "Em Lisboa isto faz toda a diferença. Metade das ruas do centro não tem espaço para carros grandes.",
				Replies: []demoComment{
					{Author: 7, Body: "Same in Naples, Inês. Our old towns were built for carts, not SUVs."},
				},
			},
			{Author: 11, Body: "Four adults for a short trip, sure, but what about luggage? A small car still needs a usable boot."},
			{Author: 14, Body: "In Tokyo many of the best-selling cars are tiny boxes and they are surprisingly roomy. It can be done."},
		},
	},
	{
		Challenge: "city-mobility",
		Category:  "design",
		Title:     "Sliding rear doors for tight parking spaces",
		Body:      "In a narrow parking space you can barely open a normal door, especially with a child seat in the back. Sliding rear doors need no room to the side, are easier to use with a toddler in your arms and can't hit a passing cyclist.",
		Tags:      []string{"city", "doors", "family"},
		Author:    14,
		DaysAgo:   55,
		Status:    "implemented",
		Response:  "Implemented: the running prototype now has sliding rear doors on both sides, with a rail hidden under the side window. You'll see them at the public preview.",
		Votes:     15,
		Comments: []demoComment{
			{
				Author: 10,
				Body:   "As a mum of two this is the single best thing on the list.",
				Replies: []demoComment{
					{Author: 14, Body: "Glad it made it! Small vans in Japan have had these for years, and parents love them."},
				},
			},
			{Author: 13, Body: "Great to see the prototype picture. The hidden rail is really clean."},
		},
	},
	{
		Challenge: "city-mobility",
		Category:  "features",
		Title:     "Self-parking that fits spaces only 60 cm longer than the car",
		Body:      "Automatic parking exists, but most systems need a huge gap. With a short car and good sensors on all four corners, the car should park itself in a space just 60 cm longer than it is, and get itself out again.",
		Tags:      []string{"city", "parking", "technology"},
		Author:    10,
		DaysAgo:   52,
		Status:    "accepted",
		Response:  "Accepted for the concept. The parking assistant will be tuned for the short wheelbase and tight spaces; our first target is a gap of 70 cm, and we'll keep working to reach your 60.",
		Votes:     7,
		Comments: []demoComment{
			{Author: 21, Body: "Merci ! À Bruxelles, une place de 60 cm de plus que la voiture, c'est déjà du luxe."},
			{Author: 24, Body: "A 70 cm target is honest. Better than promising 60 and failing in real streets."},
		},
	},
	{
		Challenge: "city-mobility",
		Category:  "features",
		Title:     "A folding bike that stores in a slot in the boot floor",
		Body:      "Drive to the edge of the city centre, park, and ride the last kilometres. A folding bicycle designed for the car could live in a slot under the boot floor, with a charging point if it is electric.",
		Tags:      []string{"city", "multimodal"},
		Author:    22,
		DaysAgo:   50,
		Status:    "declined",
		Response:  "We like the spirit of this idea, but a dedicated slot would take the space needed for the spare wheel and rear crash structure. Instead, the boot will fit most folding bikes on the market when the rear seats are folded.",
		Votes:     8,
		Comments: []demoComment{
			{
				Author: 23,
				Body:   "A pity, but the fold-flat solution is reasonable. In the Netherlands half of us would use it.",
				Replies: []demoComment{
					{Author: 22, Body: "Fair enough. As long as my bike fits, I'm happy."},
				},
			},
		},
	},

	// ---------------------------------------------------------------
	// Ideas box (always open)
	// ---------------------------------------------------------------
	{
		Challenge: "",
		Category:  "features",
		Title:     "Share the car with neighbours through the official app",
		Body:      "Most cars sit parked 95% of the time. The official app could let owners lend their car to trusted neighbours by the hour, with a digital key, automatic insurance for the trip and a simple fuel or energy top-up rule.",
		Tags:      []string{"sharing", "community"},
		Author:    20,
		DaysAgo:   34,
		Status:    "new",
		Votes:     4,
	},
	{
		Challenge: "",
		Category:  "manufacturing",
		Title:     "Print the car's carbon footprint on the window sticker",
		Body: `Next to the price and the fuel consumption, show how much CO₂ was emitted to **build** the car, including the battery, and how that number compares with the previous model.

It would push the whole supply chain to improve, because the number would be visible to every buyer.`,
		Tags:     []string{"transparency", "sustainability"},
		Author:   27,
		DaysAgo:  27,
		Status:   "under_review",
		Response: "We are working with our sustainability team on a life-cycle assessment of the concept car. If the method holds up to independent review, the production footprint will be published on the sticker and on this site.",
		Votes:    6,
		Comments: []demoComment{
			{
				Author: 9,
				Body:   "Only if the method is independent and the same for every brand, otherwise it's just marketing.",
				Replies: []demoComment{
					{Author: 27, Body: "Agreed, an external audit is essential. Glad the team mentions independent review."},
				},
			},
		},
	},
	{
		Challenge: "",
		Category:  "design",
		Title:     "Let the community choose the low-speed pedestrian warning sound",
		Body:      "Electric cars must make a sound at low speed so pedestrians can hear them. Most sound like a spaceship from a cheap film. Let sound designers propose a few options and let the community pick something pleasant that still gets noticed.",
		Tags:      []string{"sound", "community"},
		Author:    29,
		DaysAgo:   12,
		Status:    "new",
		Votes:     2,
	},
	{
		Challenge: "",
		Category:  "design",
		Title:     "Design a wheelchair-accessible version from day one",
		Body: `Wheelchair-accessible cars are usually converted afterwards, which is expensive and often clumsy. If the flat floor and sliding doors are planned from the start, a version with a **lowered rear floor and a fold-out ramp** would be much cheaper.

It would make the car useful to people who are almost always forgotten in concept cars.`,
		Tags:    []string{"accessibility", "interior"},
		Author:  11,
		DaysAgo: 22,
		Status:  "new",
		Votes:   8,
		Comments: []demoComment{
			{
				Author: 2,
				Body:   "This connects nicely with the flat floor idea. Planning it early costs very little.",
				Replies: []demoComment{
					{Author: 11, Body: "Exactly. My brother uses a wheelchair and the conversions we looked at cost almost as much as the car."},
				},
			},
		},
	},
}
