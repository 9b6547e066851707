package seed

// Word lists and templates for the synthetic dataset: ideas about a car,
// in English mostly, some in Portuguese and French, written by people
// from about 160 countries.

import (
	"math/rand/v2"
	"strings"
)

// synthCategory is a topic of the synthetic campaign, with the words its
// ideas are made of in each language.
type synthCategory struct {
	slug, name, description string
	tags                    []string
	words                   map[string]categoryWords
}

// categoryWords are a category's parts of the car (nouns without an
// article) and things one could do with them (infinitive phrases).
type categoryWords struct {
	parts, actions []string
}

var synthCategories = []synthCategory{
	{"design", "Design", "Shape, colours, lights and the car's face.",
		[]string{"style", "colours", "lights", "aerodynamics", "personalisation"},
		map[string]categoryWords{
			"en": {[]string{"front grille", "headlights", "roof line", "rear lights", "wheel covers", "side mirrors", "door handles", "bonnet", "colour palette", "rear spoiler"},
				[]string{"change colour with clip-on panels", "show a friendly face at night", "cut the drag at motorway speed", "be personalised from the website", "look good after ten years"}},
			"pt": {[]string{"grade dianteira", "faróis", "linha do teto", "lanternas traseiras", "calotas", "retrovisores", "maçanetas", "capô", "paleta de cores"},
				[]string{"trocar de cor com painéis de encaixe", "ter um visual mais brasileiro", "reduzir o arrasto na estrada", "ser personalizado pelo site"}},
			"fr": {[]string{"calandre", "phares", "ligne de toit", "feux arrière", "enjoliveurs", "rétroviseurs", "poignées de porte", "capot"},
				[]string{"changer de couleur avec des panneaux clipsés", "garder un style élégant", "réduire la traînée sur autoroute", "être personnalisé en ligne"}},
		}},
	{"materials", "Materials", "What the car is made of, inside and out.",
		[]string{"recycled", "natural-fibres", "lightweight", "durable", "washable"},
		map[string]categoryWords{
			"en": {[]string{"seat fabric", "dashboard trim", "floor mats", "bumpers", "door panels", "headliner", "steering wheel", "boot lining", "gear knob"},
				[]string{"be washed in a machine", "use fibres grown near the factory", "weigh half as much", "resist scratches from pets", "be replaced at home"}},
			"pt": {[]string{"tecido dos bancos", "acabamento do painel", "tapetes", "para-choques", "forro das portas", "volante", "forro do porta-malas"},
				[]string{"ser lavado na máquina", "usar fibras naturais do Brasil", "pesar a metade", "resistir a arranhões"}},
			"fr": {[]string{"tissu des sièges", "habillage du tableau de bord", "tapis de sol", "pare-chocs", "panneaux de porte", "volant", "garnissage du coffre"},
				[]string{"passer à la machine à laver", "utiliser des fibres locales", "peser deux fois moins", "résister aux rayures"}},
		}},
	{"features", "Features", "What the car does for the people in it.",
		[]string{"connectivity", "storage", "city", "navigation", "smartphone"},
		map[string]categoryWords{
			"en": {[]string{"infotainment screen", "phone holder", "boot", "glovebox", "rear seats", "navigation", "car key", "cup holders", "roof rack", "charging ports"},
				[]string{"fold flat in one move", "work with any smartphone", "show the range left in kilometres", "warn you about parking fines", "open with your phone"}},
			"pt": {[]string{"central multimídia", "suporte de celular", "porta-malas", "porta-luvas", "banco traseiro", "navegação", "chave", "porta-copos", "bagageiro"},
				[]string{"dobrar com um só movimento", "funcionar com qualquer celular", "mostrar a autonomia restante", "abrir pelo celular"}},
			"fr": {[]string{"écran multimédia", "support de téléphone", "coffre", "boîte à gants", "banquette arrière", "navigation", "clé", "porte-gobelets", "barres de toit"},
				[]string{"se replier d'un seul geste", "marcher avec tous les smartphones", "afficher l'autonomie restante", "s'ouvrir avec le téléphone"}},
		}},
	{"manufacturing", "Manufacturing", "How the car is built, shipped and repaired.",
		[]string{"assembly", "repairability", "spare-parts", "local-suppliers", "low-cost"},
		map[string]categoryWords{
			"en": {[]string{"assembly line", "paint process", "spare parts", "body panels", "supplier network", "wiring harness", "engine mount", "delivery process"},
				[]string{"be repaired at any corner garage", "use fewer different screws", "be built closer to the buyers", "need no paint at all", "come as a kit for small workshops"}},
			"pt": {[]string{"linha de montagem", "pintura", "peças de reposição", "painéis da carroceria", "rede de fornecedores", "chicote elétrico"},
				[]string{"ser consertado em qualquer oficina", "usar menos tipos de parafuso", "ser montado perto dos compradores", "dispensar a pintura"}},
			"fr": {[]string{"chaîne de montage", "peinture", "pièces détachées", "panneaux de carrosserie", "réseau de fournisseurs", "faisceau électrique"},
				[]string{"être réparé dans n'importe quel garage", "utiliser moins de vis différentes", "être assemblé près des clients", "se passer de peinture"}},
		}},
	{"safety", "Safety", "Keeping everyone on board, and around the car, safe.",
		[]string{"safety", "children", "pedestrians", "brakes", "visibility"},
		map[string]categoryWords{
			"en": {[]string{"airbags", "brakes", "child seat anchors", "blind-spot warning", "crash structure", "tyres", "seat belts", "rear camera"},
				[]string{"protect pedestrians too", "warn a tired driver", "brake by itself in city traffic", "tell you when a child is left inside", "work in heavy rain"}},
			"pt": {[]string{"airbags", "freios", "fixação de cadeirinhas", "alerta de ponto cego", "estrutura de deformação", "pneus", "cintos de segurança"},
				[]string{"proteger também os pedestres", "avisar o motorista cansado", "frear sozinho no trânsito", "funcionar na chuva forte"}},
			"fr": {[]string{"airbags", "freins", "fixations Isofix", "alerte d'angle mort", "structure de choc", "pneus", "ceintures"},
				[]string{"protéger aussi les piétons", "alerter un conducteur fatigué", "freiner seul en ville", "fonctionner sous une forte pluie"}},
		}},
	{"comfort", "Comfort", "Seats, climate and quiet on long and short trips.",
		[]string{"comfort", "seats", "climate", "long-trips", "accessibility"},
		map[string]categoryWords{
			"en": {[]string{"driver's seat", "air conditioning", "suspension", "armrests", "legroom", "sun visors", "cabin lighting", "rear windows"},
				[]string{"stay cool in a tropical summer", "adjust itself to each driver", "make long trips less tiring", "let a wheelchair user get in easily", "keep the cabin quiet"}},
			"pt": {[]string{"banco do motorista", "ar-condicionado", "suspensão", "apoio de braço", "espaço para as pernas", "para-sol", "iluminação interna"},
				[]string{"aguentar o verão tropical", "se ajustar a cada motorista", "deixar as viagens menos cansativas", "deixar a cabine silenciosa"}},
			"fr": {[]string{"siège conducteur", "climatisation", "suspension", "accoudoirs", "espace aux jambes", "pare-soleil", "éclairage intérieur"},
				[]string{"rester frais en plein été", "s'adapter à chaque conducteur", "rendre les longs trajets moins fatigants", "garder l'habitacle silencieux"}},
		}},
	{"sustainability", "Sustainability", "Energy, emissions and the car's whole life.",
		[]string{"sustainability", "electric", "ethanol", "recycling", "solar"},
		map[string]categoryWords{
			"en": {[]string{"battery pack", "flex-fuel engine", "packaging", "interior plastics", "fuel consumption", "end-of-life recycling", "solar roof", "regenerative braking"},
				[]string{"run on ethanol and petrol", "charge from a normal socket", "be recycled at the end of its life", "use less energy in traffic jams", "share energy with the house"}},
			"pt": {[]string{"bateria", "motor flex", "embalagens", "plásticos internos", "consumo de combustível", "reciclagem no fim da vida", "teto solar"},
				[]string{"rodar com etanol e gasolina", "carregar numa tomada comum", "ser reciclado no fim da vida", "gastar menos no trânsito"}},
			"fr": {[]string{"batterie", "moteur flex-fuel", "emballages", "plastiques intérieurs", "consommation", "recyclage en fin de vie", "toit solaire"},
				[]string{"rouler à l'éthanol", "se recharger sur une prise normale", "être recyclé en fin de vie", "consommer moins dans les bouchons"}},
		}},
}

// synthChallenges are the ten questions of the synthetic campaign, with
// the categories (indexes into synthCategories) their ideas go in and
// their relative size.
var synthChallenges = []struct {
	slug, title, description string
	categories               []int
	weight                   float64
}{
	{"car-of-the-future", "What should the car of the future be like?", "Tell us anything: design, materials, features, how it is built. Every idea is read by the design team.", []int{0, 1, 2, 3}, 3},
	{"materials-for-the-car", "Which materials should the car use?", "Fabrics, plastics, metals and fibres: what should the car be made of?", []int{1, 6}, 2.5},
	{"the-car-in-the-city", "How should the car live in the city?", "Parking, traffic, short trips and tight streets.", []int{2, 5, 4}, 2},
	{"a-car-to-repair", "A car that anyone can repair", "Spare parts, tools and garages: make the car easy and cheap to keep running.", []int{3, 1}, 1.5},
	{"safe-for-everyone", "Safe for everyone, inside and outside", "Passengers, children, pedestrians and cyclists.", []int{4, 2}, 1.2},
	{"comfort-on-long-trips", "Comfort on long trips", "Seats, climate, noise and room for the whole family.", []int{5, 2}, 1},
	{"small-footprint", "A car with a small footprint", "Energy, fuel, emissions and what happens at the end of the car's life.", []int{6, 3, 1}, 1},
	{"connected-car", "What should a connected car do?", "Phones, apps, navigation and the data the car keeps.", []int{2, 4}, 0.8},
	{"the-family-car", "The car for a family", "Children, shopping, holidays and everything a family carries.", []int{5, 2, 4}, 0.6},
	{"make-it-yours", "Make it yours: accessories and colours", "How should each owner make the car their own?", []int{0, 2}, 0.5},
}

// synthLanguage holds the sentence templates of one language. In
// templates, {part} and {action} come from the idea's category, the others
// from the lists below.
type synthLanguage struct {
	titles, problems, proposals, listIntros, closings []string
	materials, audiences, adjectives, benefits, pains []string
	comments                                          []string
}

var synthLanguages = map[string]synthLanguage{
	"en": {
		titles: []string{"{Adj} {part} for {audience}", "Make the {part} out of {material}", "{Part} that can {action}",
			"{Part} made of {material}", "{Adj} {part}: {benefit}", "{Adj} {part}, please!",
			"{Part} for {audience}", "{Part} made of {material} for {audience}", "{Adj} {part} to {benefit}",
			"{Part} that can {action}: good for {audience}", "Use {material} to {benefit}", "{Adj} {part} made of {material}"},
		problems: []string{"Today the {part} is one of the first things people notice, and {pain}.",
			"I have driven small cars for years and the {part} always disappoints: {pain}.",
			"Talking with friends who own compact cars, everybody complains that {pain}.",
			"In my city most people use the car for short trips, and the {part} is where {pain}."},
		proposals: []string{"My proposal is a {adj} {part} made of **{material}**, so that we can {benefit}.",
			"The idea is simple: the {part} should {action}. It would {benefit} without changing the rest of the car.",
			"Imagine a {adj} {part} that can {action}. For {audience} this would be a real difference.",
			"We could {benefit} with a {part} that can {action}, using {material} where it makes sense."},
		listIntros: []string{"It would help to:", "Why this matters:", "Advantages:", "What I would expect:"},
		closings:   []string{"What do you think?", "I would love to hear from the engineers.", "Vote if you agree!", "Happy to discuss the details in the comments.", ""},
		materials:  []string{"recycled PET", "bamboo fibre", "cork", "natural rubber", "recycled aluminium", "hemp composite", "sugar-cane plastic", "coconut fibre", "a wool blend", "jute", "recycled denim", "castor-oil foam"},
		audiences: []string{"families with small children", "delivery drivers", "students", "older drivers", "people in big cities",
			"drivers in rural areas", "wheelchair users", "car-sharing fleets", "taxi drivers", "first-time buyers"},
		adjectives: []string{"modular", "lighter", "washable", "removable", "adjustable", "solar-powered", "customisable", "foldable", "quieter", "cheaper", "smarter", "tougher"},
		benefits: []string{"lower the price", "make the car lighter", "save fuel in city traffic", "make repairs cheaper", "keep passengers safer",
			"cut waste at the factory", "make the car last longer", "make everyday life easier", "reduce emissions"},
		pains: []string{"it is expensive to replace", "it wears out after a couple of years", "it is hard to clean", "it is heavier than it needs to be",
			"it looks the same on every car", "nobody can fix it outside the dealer", "it gets very hot in the sun"},
		comments: []string{"Great idea, I would buy the car just for this.", "I agree, this is a real problem in my city.",
			"Not sure this would be cheap enough to build.", "My brother works in a garage and says the same thing.",
			"How would this work in winter?", "This already exists on some luxury cars, it would be great to have it here.",
			"I voted for it. Please keep the price low though.", "Could the same idea work for the rear seats too?",
			"This would make the car heavier, I think.", "Simple and smart. Congratulations!", "We tried something similar at my university, it works.",
			"I am not convinced, but I like the discussion.", "Please think about people with disabilities too.",
			"The design team should really look at this one.", "It would be nice to see a sketch of it.", "Yes! And make it optional so the base car stays cheap.",
			"In Brazil this would sell very well.", "Italian drivers would love this.", "What about the cost of maintenance?",
			"I drive 80 km a day and this is exactly what I need.", "Maybe as an accessory instead of standard equipment?",
			"Please no more touch screens for everything.", "This is the best idea I have read here so far."},
	},
	"pt": {
		titles: []string{"{Part} {adj} para {audience}", "{Part} de {material}", "Que tal {part} com {material}?", "{Part} que possa {action}",
			"{Part} {adj}: {benefit}", "Ideia: {part} {adj}", "{Part} de {material} para {audience}", "Usar {material} para {benefit}"},
		problems: []string{"Hoje o item \"{part}\" é uma das coisas que mais chamam a atenção, e {pain}.",
			"Dirijo carros pequenos há anos e sempre reparo nisto: {pain}.",
			"Conversando com amigos, todos reclamam que {pain}."},
		proposals: []string{"Minha proposta: {part} {adj} com **{material}**, para {benefit}.",
			"A ideia é simples: {part} que possa {action}. Isso ajudaria a {benefit}.",
			"Para {audience} faria muita diferença: {part} que possa {action}."},
		listIntros: []string{"Vantagens:", "Por que isso é importante:", "O que eu espero:"},
		closings:   []string{"O que vocês acham?", "Votem se concordarem!", "Gostaria de ouvir a opinião dos engenheiros.", ""},
		materials:  []string{"fibra de coco", "bambu", "cortiça", "borracha natural", "alumínio reciclado", "plástico de cana-de-açúcar", "juta", "garrafas PET recicladas", "fibra de sisal"},
		audiences:  []string{"famílias com crianças", "motoristas de aplicativo", "estudantes", "idosos", "quem mora em cidade grande", "quem mora no interior", "cadeirantes"},
		adjectives: []string{"modular", "removível", "ajustável", "lavável", "sustentável", "inteligente", "reciclável", "acessível"},
		benefits:   []string{"baixar o preço", "deixar o carro mais leve", "economizar combustível", "facilitar o conserto", "proteger os passageiros", "reduzir a poluição", "durar mais"},
		pains:      []string{"é caro para trocar", "se desgasta em pouco tempo", "é difícil de limpar", "é mais pesado do que precisa", "esquenta demais no sol", "só a concessionária conserta"},
		comments: []string{"Muito boa ideia, parabéns!", "Concordo, isso faz falta no dia a dia.", "Será que não ficaria caro demais?",
			"Meu pai é mecânico e sempre fala disso.", "Votei! Tomara que a equipe de design veja.", "Isso seria ótimo para quem mora no interior.",
			"Não sei se funcionaria no calor de Manaus.", "Simples e genial.", "Já vi algo parecido em carros importados.", "Acho que deixaria o carro mais pesado."},
	},
	"fr": {
		titles: []string{"{Part} {adj} pour {audience}", "{Part} en {material}", "{Part} en {material} : pourquoi pas ?", "{Part} qui puisse {action}",
			"{Part} {adj} : {benefit}", "{Part} en {material} pour {audience}", "{Part} : et pourquoi pas en {material} ?"},
		problems: []string{"Aujourd'hui, l'élément « {part} » est l'un des premiers que l'on remarque, et {pain}.",
			"Je conduis des petites voitures depuis des années et c'est toujours pareil : {pain}.",
			"Autour de moi, tout le monde se plaint que {pain}."},
		proposals: []string{"Ma proposition : {part} {adj} en **{material}**, pour {benefit}.",
			"L'idée est simple : {part} qui puisse {action}. Cela permettrait de {benefit}.",
			"Pour {audience}, ce serait un vrai changement : {part} qui puisse {action}."},
		listIntros: []string{"Avantages :", "Pourquoi c'est important :", "Ce que j'en attends :"},
		closings:   []string{"Qu'en pensez-vous ?", "Votez si vous êtes d'accord !", "J'aimerais avoir l'avis des ingénieurs.", ""},
		materials:  []string{"liège", "lin", "chanvre", "bambou", "aluminium recyclé", "caoutchouc naturel", "laine recyclée", "fibre de coco"},
		audiences:  []string{"les familles", "les livreurs", "les étudiants", "les seniors", "les citadins", "les habitants des campagnes", "les personnes à mobilité réduite"},
		adjectives: []string{"modulable", "amovible", "réglable", "lavable", "recyclable", "économique", "pratique", "accessible"},
		benefits:   []string{"baisser le prix", "alléger la voiture", "économiser du carburant", "faciliter les réparations", "protéger les passagers", "réduire les émissions"},
		pains:      []string{"c'est cher à remplacer", "ça s'use très vite", "c'est difficile à nettoyer", "c'est plus lourd que nécessaire", "ça chauffe beaucoup au soleil"},
		comments: []string{"Très bonne idée, bravo !", "Je suis d'accord, c'est un vrai problème.", "Ce ne serait pas trop cher à fabriquer ?",
			"J'ai voté pour. Pensez aussi aux familles nombreuses.", "Simple et efficace.", "Ça existe déjà sur certaines voitures haut de gamme.",
			"Je ne suis pas convaincu, mais l'idée est intéressante.", "À tester en hiver, quand même."},
	},
}

// synthTags are tags that fit any category.
var synthTags = []string{"low-cost", "family", "city", "innovation", "brazil", "diy", "urban-mobility", "young-drivers"}

// synthResponses are the official responses, by status.
var synthResponses = map[string][]string{
	"under_review": {"Thanks! The design team is looking at this idea.", "We are checking this with our engineers and will come back to you.", ""},
	"accepted":     {"Great idea: it goes into the next concept car.", "Accepted. Several engineers loved it, and it fits the budget.", "We will build a prototype of this one."},
	"in_progress":  {"A prototype is being built. Follow the idea to hear when it is ready.", "Work has started with one of our suppliers."},
	"implemented":  {"Done! You will find this on the concept car shown at the motor show.", "Implemented in the prototype. Thank you to everyone who voted for it."},
	"declined":     {"Thanks for the idea. It would make the car too expensive for now.", "We looked at it closely, but safety rules do not allow it.", "A similar idea was already accepted; please support that one."},
}

// synthCountries are the users' countries: the first ones with their
// share of the users (Brazil and Italy, Fiat's home countries, lead), the
// rest sharing what is left in a long tail.
var synthCountryHeads = []struct {
	code  string
	share float64
}{
	{"BR", 0.42}, {"IT", 0.11}, {"AR", 0.04}, {"PT", 0.03}, {"US", 0.03}, {"MX", 0.025}, {"ES", 0.02}, {"FR", 0.02},
	{"DE", 0.02}, {"CO", 0.015}, {"CL", 0.012}, {"PL", 0.01}, {"TR", 0.01}, {"GB", 0.01}, {"VE", 0.008}, {"UY", 0.008},
	{"PY", 0.006}, {"PE", 0.006}, {"BE", 0.005}, {"CH", 0.005},
}

const synthCountryTail = "IN CN JP KR RU ZA EG NG KE MA DZ TN CA AU NZ NL SE NO DK FI IE AT CZ SK HU RO BG GR HR SI RS BA " +
	"UA BY LT LV EE IL SA AE QA KW JO LB IR IQ PK BD LK NP ID MY SG TH VN PH KH MM LA MN KZ UZ AZ GE AM " +
	"BO EC CR PA GT HN SV NI DO CU PR JM TT HT BS BB GY SR AO MZ GH CI SN CM ET TZ UG RW ZM ZW BW NA MG " +
	"MU SC CV ST GQ GA CG CD BJ TG BF ML NE TD SD LY MR GM GN SL LR IS LU MT CY MC SM AL MK ME MD BN TW " +
	"HK MO FJ PG"

// synthNames are first names and surnames by the language of a country.
var synthNames = map[string][2][]string{
	"pt": {{"João", "Maria", "Ana", "Pedro", "Lucas", "Juliana", "Fernanda", "Rafael", "Gabriel", "Camila", "Bruno", "Larissa", "Thiago", "Beatriz", "Mateus", "Letícia", "Gustavo", "Aline", "Felipe", "Patrícia"},
		{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Araújo", "Melo", "Barbosa", "Rocha", "Dias", "Nascimento"}},
	"it": {{"Giulia", "Marco", "Alessandro", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Davide", "Elena", "Federico", "Giorgia", "Lorenzo", "Martina", "Andrea", "Valentina"},
		{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Lombardi"}},
	"fr": {{"Camille", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Théo", "Inès", "Jules", "Émilie", "Nathan", "Zoé", "Étienne", "Clémence"},
		{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Girard", "Fournier", "Mercier"}},
	"es": {{"Sofía", "Martín", "Valentina", "Mateo", "Camila", "Santiago", "Lucía", "Diego", "Javier", "Carmen", "Joaquín", "Florencia", "Andrés", "Paula"},
		{"García", "Fernández", "González", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz", "Romero", "Álvarez", "Torres", "Ruiz", "Castro"}},
	"en": {{"James", "Emma", "Oliver", "Olivia", "Noah", "Ava", "Liam", "Mia", "Ethan", "Sophie", "Aisha", "Wei", "Yuki", "Arjun", "Fatima", "Omar", "Priya", "Jonas", "Anna", "Mikhail", "Kwame", "Leila"},
		{"Smith", "Johnson", "Brown", "Müller", "Schmidt", "Nowak", "Kowalski", "Chen", "Wang", "Tanaka", "Kim", "Singh", "Patel", "Khan", "Ali", "Novák", "Jensen", "Andersson", "O'Brien", "Ivanova", "Mensah", "Haddad"}},
}

// nameLanguage is the language whose names people of a country get.
// synthLocales are the locales of the languages the synthetic campaign's
// people speak and write in.
var synthLocales = map[string]string{"en": "en", "pt": "pt-BR", "es": "es", "fr": "fr", "it": "it"}

func nameLanguage(country string) string {
	switch country {
	case "BR", "PT", "AO", "MZ", "CV":
		return "pt"
	case "IT", "SM":
		return "it"
	case "FR", "BE", "CH", "LU", "MC", "SN", "CI":
		return "fr"
	case "AR", "MX", "ES", "CO", "CL", "VE", "UY", "PY", "PE", "BO", "EC", "CR", "PA", "GT", "HN", "SV", "NI", "DO", "CU":
		return "es"
	}
	return "en"
}

// pick returns one element of a list.
func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// fill replaces a template's slots; a slot written with a capital first
// letter ({Part}) gets its value capitalised.
func fill(tmpl string, slots map[string]string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:open])
		name := tmpl[open+1 : open+end]
		value := slots[strings.ToLower(name)]
		if name != strings.ToLower(name) {
			value = capitalise(value)
		}
		b.WriteString(value)
		tmpl = tmpl[open+end+1:]
	}
}

func capitalise(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// ideaText writes an idea's title and Markdown body in a language about a
// category: a paragraph on the problem, one with the proposal, sometimes a
// list of benefits, and a closing line.
func ideaText(r *rand.Rand, lang string, cat *synthCategory) (title, body string) {
	l := synthLanguages[lang]
	w := cat.words[lang]
	slots := map[string]string{
		"part": pick(r, w.parts), "action": pick(r, w.actions), "material": pick(r, l.materials),
		"audience": pick(r, l.audiences), "adj": pick(r, l.adjectives), "benefit": pick(r, l.benefits), "pain": pick(r, l.pains),
	}
	title = fill(pick(r, l.titles), slots)
	var b strings.Builder
	b.WriteString(fill(pick(r, l.problems), slots))
	b.WriteString("\n\n")
	b.WriteString(fill(pick(r, l.proposals), slots))
	if r.IntN(3) == 0 {
		b.WriteString("\n\n" + pick(r, l.listIntros) + "\n")
		for _, i := range r.Perm(len(l.benefits))[:3] {
			b.WriteString("\n- " + capitalise(l.benefits[i]))
		}
	}
	if closing := pick(r, l.closings); closing != "" {
		b.WriteString("\n\n" + closing)
	}
	return title, b.String()
}

// commentText writes a comment of one to three sentences, sometimes in
// two paragraphs.
func commentText(r *rand.Rand, lang string) string {
	l := synthLanguages[lang]
	n := 1 + r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = pick(r, l.comments)
	}
	sep := " "
	if n == 3 && r.IntN(2) == 0 {
		sep = "\n\n"
	}
	return strings.Join(parts, sep)
}
