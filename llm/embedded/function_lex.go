package embedded

import "sync"
import "strings"

// Closed-class words of the supported languages, folded: articles,
// pronouns, auxiliaries and modal verbs, prepositions, conjunctions,
// question words and the commonest adverbs and fillers. Whether two turns
// are about the same thing is judged on the other words (content words),
// and the pronoun classes tell who a turn speaks to or about.
var (
	// functionWords are all of them.
	functionWords = sync.OnceValue(func() map[string]bool {
		return union(greetings(), numberWords(), set(`
		a an the this that these those i me my mine myself you your yours yourself we us our ours he him his she her hers
		it its they them their theirs one is are was were be been being am do does did done have has had having will would
		shall should can could may might must of to in on at for with from by about as into onto over under after before
		between through during without within up down out off than then so too very just also only even still yet already
		again not no yes and or but if because while when where what which who whom whose why how there here all any some
		each every both either neither other such same own more most less much many few lot lots really quite well oh ok
		okay yeah yep um uh hmm like get got go going gonna wanna let lets s t d ll re ve m o please thanks thank sure now
		today ever never always something anything nothing someone anyone everyone thing things way
		der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner ich mich mir mein meine
		meinen meinem meiner du dich dir dein deine er ihn ihm sein seine seinen sie ihr ihre ihren ihnen es wir uns unser
		unsere ihr euch euer eure man sich ist sind war waren bin bist gewesen habe hab hast hat haben hatte hatten werde
		wirst wird werden wurde wurden kann kannst konnen konnte konnten mochte mochten will willst wollen soll sollen
		muss mussen darf durfen und oder aber denn weil dass ob wenn als wie was wer wen wem wo wann warum wieso weshalb
		welche welcher welches welchen nicht nein ja doch schon noch nur auch mal so sehr ganz gar hier da dort jetzt dann
		mit von vom zu zum zur im in an am auf aus bei beim nach vor uber unter durch fur ohne um bis seit gegen diese
		dieser dieses diesem diesen alle alles viel viele mehr etwas nichts geht gehen gibt bitte danke eigentlich einfach
		le la les l un une des du de d au aux et ou mais donc or ni car ne n pas plus je j me m moi mon ma mes tu te t toi
		ton ta tes il elle on nous vous ils elles lui leur leurs se s son sa ses notre nos votre vos ce c cet cette ces ca
		cela ceci est es suis sont etait ete etre ai as a avons avez ont avoir fait faire va vais peux peut pouvez veux veut
		voulez dans sur pour par avec sans sous chez entre que qu qui quoi ou quand comment pourquoi si oui non tres aussi
		encore deja tout tous toute toutes bien alors y en quel quelle quels quelles merci juste
		ja tai mutta seka eli kun jos etta koska vaikka niin myos vain jo viela nyt sitten on oli ovat olen olet olemme
		olette olla ollut ei en et emme ette eivat mina ma minun minua minulle minulla minusta sina sa sinun sinua sinulle
		sinulla han hanen hanta hanelle me meidan meita meille te teidan teita teille he heidan heita heille se sen sita
		siita siihen silla ne niiden niita tama taman tata tassa tasta tahan tuo tuon tuota nama nuo mika mita minka kuka
		kenen keneen missa mista mihin milloin miten miksi kuinka joka jonka jota jossa joita taalla siella tanne sinne
		paljon kaikki kanssa ilman voi voin voit voitko voisin voisitko pitaa kiitos juu joo no
		el la los las lo un una unos unas y o pero ni no si yo me mi mis tu te ti tus el ella nos nosotros vosotros ellos
		ellas le les su sus nuestro nuestra es son era fue ser estar esta estoy estan he has ha hay tengo tiene puedo puede
		quiero de del al en con por para sin sobre que quien donde cuando como porque muy tambien ya ahora aqui todo todos
		il lo gli i e ed ma non io mi mio mia tu ti tuo tua lui lei noi ci voi vi loro suo sua nostro sono sei era essere
		ho hai ha abbiamo avere posso puo voglio di da del della dei delle nel nella con per su tra fra che chi dove quando
		come perche se qui anche gia ora tutto tutti molto
		het een en of maar niet geen ik mij me mijn jij je jou jouw u uw hij hem zijn zij ze haar wij we ons onze jullie
		hun is ben bent was waren heb hebt heeft hebben kan kun kunt wil wilt moet mag van voor op aan uit bij naar over
		met zonder dat die dit deze wie wat waar wanneer hoe waarom als ja nee hier daar nu heel ook al er
		ett den det de och eller men inte jag mig min mitt mina du dig din ditt dina han honom hon henne hans hennes vi oss
		var vart ni er dem deras ar var vara har hade kan vill ska maste av for pa i till fran om utan som vem vad nar hur
		varfor ja nej har dar nu mycket ocksa allt
		o os as um uma uns umas e ou mas nem nao eu me mim meu minha tu te teu tua voce ele ela nos eles elas lhe seu sua
		nosso e sao era ser estar esta estou tenho tem posso pode quero de do da dos das no na nos nas em com por para sem
		sobre que quem onde quando como porque muito tambem ja agora aqui tudo todos`))
	})
	// personal12 are first- and second-person pronouns and possessives:
	// a reply that has none and shares no content with the user's turn
	// speaks to no one in this conversation.
	personal12 = sync.OnceValue(func() map[string]bool {
		return set(`i me my mine myself you your yours yourself u ur we us our ours
		ich mich mir mein meine meinen meinem meiner du dich dir dein deine wir uns unser unsere ihr euch euer eure
		je j me m moi mon ma mes tu te t toi ton ta tes nous vous notre nos votre vos
		mina ma minun minua minulle minulla minusta sina sa sinun sinua sinulle sinulla me meidan meita meille te teidan teita teille
		yo mi mis tu ti tus nosotros vosotros usted ustedes io mio mia tuo tua noi voi lei
		ik mij mijn jij je jou jouw u uw wij we ons onze jullie jag mig min mitt mina du dig din ditt dina vi oss ni er
		eu mim meu minha teu tua voce voces nos nosso nossa`)
	})
	// personal3 are third-person pronouns that refer to people ("he",
	// "sie", "hän"); "it" and its kin are left out, since they refer to
	// things mentioned in passing.
	personal3 = sync.OnceValue(func() map[string]bool {
		return set(`he him his she her hers they them their theirs himself herself themselves
		er ihn ihm ihm seine seinen seiner
		il elle ils elles lui eux
		han hanen hanta hanelle he heidan heita heille
		el ella ellos ellas lui loro hij hem zij ze haar hun han honom hon henne hans hennes dem deras ele ela eles elas`)
	})
	// numberWords are the small numbers written out.
	numberWords = sync.OnceValue(func() map[string]bool {
		return set(`one two three four five six seven eight nine ten eins zwei drei vier funf sechs sieben acht neun zehn
		un deux trois quatre cinq six sept huit neuf dix yksi kaksi kolme nelja viisi kuusi seitseman kahdeksan yhdeksan
		kymmenen uno dos tres cuatro cinco seis siete ocho nueve diez due tre quattro cinque sei sette otto nove dieci een
		twee drie vier vijf zes zeven acht negen tien ett tva fyra fem sex sju atta nio tio um dois quatro cinco seis sete
		oito nove dez`)
	})
	// greetings open a conversation.
	greetings = sync.OnceValue(func() map[string]bool {
		return set(`hi hello hey hiya howdy greetings hallo moin servus tag salut bonjour bonsoir coucou hei moi terve moikka
		hola buenas ciao salve buongiorno hoi goedemorgen goedemiddag hej tja ola oi morning evening afternoon`)
	})
	// answerOpeners start a reply to a yes/no question.
	answerOpeners = sync.OnceValue(func() map[string]bool {
		return set(`yes yeah yep yup no nope nah sure ok okay absolutely definitely certainly maybe probably of course not never
		always sometimes ja nein jein klar oui non si ouais bien kylla ei joo juu en si no claro certo nee jazeker nej
		sim nao`)
	})
	// whWords open a wh-question.
	whWords = sync.OnceValue(func() map[string]bool {
		return set(`what who whom whose which where when why how was wer wen wem welche welcher welches welchen welchem wo woher wohin wann
		warum wieso weshalb wie quoi qui quel quelle quels quelles ou quand comment pourquoi combien mika mita kuka kenen
		kenelle ketka missa mista mihin milloin miten miksi kuinka paljonko que quien quienes cual cuales donde cuando como
		cuanto cosa chi quale quali dove quando come perche quanto wat wie welk welke waar wanneer hoe waarom vad vem vilken
		vilket vilka var nar hur varfor quem qual quais onde quanto`)
	})
	// yesNo are the words of a bare yes or no.
	yesNo = sync.OnceValue(func() map[string]bool {
		return set(`yes yeah yep yup no nope nah sure ja jo jawohl nein oui ouais non si kylla joo juu ei nee jazeker nej sim nao`)
	})
	// lightVerbs carry little of what a turn is about ("want", "tell",
	// "möchte", "voudrais", "haluan"): they do not make two turns share a
	// topic.
	lightVerbs = sync.OnceValue(func() map[string]bool {
		return set(`want wants wanted need needs needed like would know knew think say said tell told make made take took give
		gave see saw look come came use used try tried help ask asked find found keep put show mean meant
		mochte mochten will wollte brauche brauchen weiss wissen sagen sage sagte machen mache mach gibt geben nehmen sehen
		kommen hilfe helfen frage fragen finde finden zeigen meine meinte
		veux voudrais voulais besoin sais savoir dire dis dit faire fais prendre donner voir vois venir aide aider demande
		demander trouve trouver montrer
		haluan haluaisin haluat tarvitsen tarvitsisin tiedan tieda sanoa sano sanoi tehda tee ottaa anna antaa nahda katso
		tulla apua auttaa kysyn kysya loytaa nayttaa
		quiero quisiera necesito necesita se saber decir dime hacer haz tomar dar ver venir ayuda ayudar pregunto preguntar
		voglio vorrei bisogno so sapere dire dimmi fare prendere dare vedere venire aiuto aiutare chiedo chiedere
		wil wilt wens nodig weet weten zeggen zeg doen nemen geven zien komen hulp helpen vraag vragen
		vill behover vet veta saga gora ta ge se komma hjalp hjalpa fraga
		quero queria preciso sei saber dizer diga fazer tomar dar ver vir ajuda ajudar pergunto perguntar`)
	})
	// attention are the words of a turn that checks whether anyone is
	// there: "hello?", "anyone there?".
	attention = sync.OnceValue(func() map[string]bool {
		return set(`hello hallo allo alo halo haloo hei hey hi anyone anybody there someone jemand da quelqu un personne la
		onko ketaan siella kukaan alguien hay hola pronto qualcuno nessuno iemand daar nagon dar ola alguem`)
	})
	// contrastNegators open a correcting clause: "..., not the website".
	contrastNegators = sync.OnceValue(func() map[string]bool {
		return set(`not nicht kein keine keinen pas ei eika no non niet geen inte nao`)
	})
	// acknowledgements accept a reply in a word or two: "ok", "fine".
	acknowledgements = sync.OnceValue(func() map[string]bool {
		return set(`ok okay k kk fine alright sure cool good right understood passt gut klar okay verstanden
		daccord d accord entendu bien bon ok selva okei hyva joo juu aha vale bueno entendido va bene capito goed prima
		begrepen bra okej uppfattat beleza certo entendi`)
	})
	// continuations open a turn that goes on from the last reply.
	continuations = sync.OnceValue(func() map[string]bool {
		return set(`and also then und auch dann ausserdem et aussi puis ensuite ja myos sitten lisaksi y tambien ademas
		e anche poi inoltre en ook dan och ocksa sedan tambem depois`)
	})
	// declarativeOpeners open a sentence in statement order: a question
	// that opens with one ("you did what?", "c'est ça, votre défense ?")
	// challenges rather than asks.
	declarativeOpeners = sync.OnceValue(func() map[string]bool {
		return set(`you it that this he she they i we du das er sie es ihr tu vous c ce ca il elle on ils elles
		je j sina se tama han he te tu el ella eso esto tu lei lui cio questo jij je dat dit hij zij du det han hon voce isso
		isto ele ela`)
	})
	// determiners are articles and possessives.
	determiners = sync.OnceValue(func() map[string]bool {
		return set(`the a an my your his her our their this that these those
		der die das den dem des ein eine einen einem einer mein meine meinen dein deine unser unsere ihr ihre diese dieser
		le la les l un une des du mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces
		el la los las un una mi mis tu tus su sus il lo gli i uno mio mia tuo tua de het een mijn jouw uw zijn haar ons onze
		en ett den det min mitt mina din ditt dina o a os as um uma meu minha teu tua seu sua`)
	})
)

// union returns the union of sets.
func union(sets ...map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, s := range sets {
		for w := range s {
			m[w] = true
		}
	}
	return m
}

// set returns the words of a space-separated list as a set.
func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
