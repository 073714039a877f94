"""The text the fixture's sentencepiece model is trained on: written here, no downloaded data.

Swedish and English sentences with the digits, punctuation and quotes of news text, so that
real sentences tokenize sensibly; the copy model works for any text either way.
"""

SWEDISH = """\
Hej! Hur mår du i dag?
Hej, jag heter Anna och jag bor i Göteborg.
Hej och välkommen till vårt kontor i Malmö.
Katten sover på soffan och hunden ligger under bordet.
Min katt är svart och min hund är vit.
En katt och en hund leker i trädgården.
Har du en katt eller en hund hemma?
Hunden skäller när brevbäraren kommer.
Vår katt heter Mio och grannens hund heter Max.
En katt, en hund och en fågel bor i samma hus.
Ska vi ta med hunden till stranden? Katten stannar hemma.
Regeringen presenterade på tisdagen en ny budget för 2025.
Enligt Statistiska centralbyrån steg inflationen till 4,2 % i mars.
Kommunen planerar att bygga 350 nya bostäder före år 2030.
”Vi måste agera nu”, sade ministern vid presskonferensen.
Mötet hölls i Stockholm den 12 maj – och det varade i tre timmar.
Priset har ökat med 15 procent sedan förra året.
Arbetslösheten sjönk till 7,8 procent under det andra kvartalet.
Företaget anställde 120 personer i Umeå och Luleå.
Projektet kostar cirka 2,5 miljarder kronor.
Provinsen samarbetar med grannländerna inom jordbruk, turism och utbildning.
Delegationen besökte skolor, sjukhus och fabriker under resan.
Många unga söker arbete utomlands för att få en bättre lön.
Lönen ligger på 25–40 tusen kronor i månaden.
Avtalet undertecknades av båda parter i november.
Samarbetet har stärkts under de senaste tio åren.
Myndigheten uppmanar invånarna att spara på vatten.
Temperaturen var −5 °C på morgonen men steg till 3 °C på eftermiddagen.
Tåget från Uppsala var 20 minuter försenat.
Vi ses på måndag klockan 09.30 i konferensrummet.
Kan du skicka rapporten till mig före fredag?
Jag förstår inte vad du menar.
Det regnar ute, så ta med ett paraply.
Barnen spelar fotboll på skolgården varje dag.
Boken handlar om en familj som flyttar till landet.
Hon läste tidningen medan han lagade middag.
Vi åkte till fjällen i februari och åkte skidor.
Sjön frös till is redan i december.
Butiken är öppen mellan 10 och 18 på vardagar.
Biljetten kostar 150 kr för vuxna och 75 kr för barn.
Här är några frågor och svar om den nya lagen.
Läs mer på vår webbplats: www.exempel.se/nyheter.
Kontakta oss via e-post: info@exempel.se.
Enligt rapporten (sidan 14) minskade utsläppen med 3 %.
Han sa: ”Det här är bara början.”
Vad kostar det? Ungefär 99 euro.
Välj ett av följande alternativ: ja, nej eller kanske.
Orten har blivit känd för sitt te, sina berg och sina floder.
Bönderna odlar ris, majs och grönsaker på terrasserna.
Turisterna kommer främst från Sverige, Norge och Danmark.
Utställningen visar konst från 1800-talet.
Det var en gång en liten flicka som bodde i skogen.
Ingen visste var nyckeln fanns.
Vädret blir soligt i morgon med svag vind från väster.
Kungen och drottningen besökte staden i juni.
Riksdagen röstade för förslaget med 175 röster mot 150.
Polisen utreder händelsen och söker vittnen.
Sjukhuset behöver fler läkare och sjuksköterskor.
Eleverna skriver ett prov i matematik på torsdag.
Universitetet erbjuder kurser i svenska för nybörjare.
Forskarna publicerade sina resultat i en internationell tidskrift.
Antalet besökare ökade från 1 200 till 3 400 per dag.
Huset byggdes 1925 och renoverades 2019.
Vägen mellan byarna är 12 km lång.
Tack så mycket för hjälpen!
Förlåt, jag kommer lite sent.
Vilken tid går bussen till flygplatsen?
Jag vill gärna ha en kopp kaffe med mjölk.
Kan jag betala med kort?
Var ligger närmaste apotek?
Hon talar svenska, engelska och lite franska.
Vi behöver mer tid för att avsluta arbetet.
Det är viktigt att alla får samma möjligheter.
Staden satsar på cykelvägar och kollektivtrafik.
Elpriset steg kraftigt under vintern.
Exporten till Tyskland och Kina växte snabbt.
Banken höjde räntan med 0,25 procentenheter.
Konferensen samlade över 500 deltagare från 40 länder.
Mer information finns i bilaga 2.
Fråga: Vem ansvarar för projektet? Svar: Styrelsen.
Observera att kontoret är stängt den 24–26 december.
Läkaren rekommenderade vila, vatten och frisk luft.
Gamla stan är full av smala gränder och små kaféer.
De flesta svenskar firar midsommar på landet.
Under hösten faller löven och dagarna blir kortare.
Fåglarna flyger söderut när det blir kallt.
Hon vann loppet på tiden 2:14:35.
Laget förlorade matchen med 1–2 efter förlängning.
Är det sant att du har flyttat?
Skriv ditt namn och din adress här.
Dokumentet sparades som rapport_final_v2.pdf.
Ett, två, tre, fyra, fem, sex, sju, åtta, nio, tio.
måndag, tisdag, onsdag, torsdag, fredag, lördag, söndag
januari, februari, mars, april, maj, juni, juli, augusti, september, oktober, november, december
och, att, det, som, en, på, är, av, för, med, till, den, har, de, inte, om, ett, han, men
vi, hon, så, var, sig, från, vid, kan, när, år, under, också, efter, eller, nu, sin, där
"""

ENGLISH = """\
Hello! How are you today?
Hello, my name is Anna and I live in Gothenburg.
Hello and welcome to our office in Malmö.
The cat is sleeping on the sofa and the dog is lying under the table.
My cat is black and my dog is white.
A cat and a dog are playing in the garden.
Do you have a cat or a dog at home?
The dog barks when the postman arrives.
Our cat is called Mio and the neighbour's dog is called Max.
A cat, a dog and a bird live in the same house.
Shall we take the dog to the beach? The cat stays at home.
The dog and the cat are friends; the old dog sleeps and the young cat plays.
Every dog needs a walk, and every cat needs a quiet place to sleep.
Is that your dog or my dog? It is the dog from next door.
The government presented a new budget for 2025 on Tuesday.
According to Statistics Sweden, inflation rose to 4.2% in March.
The municipality plans to build 350 new homes before 2030.
“We must act now,” the minister said at the press conference.
The meeting was held in Stockholm on 12 May – and it lasted three hours.
The price has risen by 15 percent since last year.
Unemployment fell to 7.8 percent in the second quarter.
The company hired 120 people in Umeå and Luleå.
The project costs about 2.5 billion kronor.
The province cooperates with neighbouring countries in agriculture, tourism and education.
The delegation visited schools, hospitals and factories during the trip.
Many young people look for work abroad to get a better salary.
The salary is 25–40 thousand kronor a month.
The agreement was signed by both parties in November.
Cooperation has grown stronger over the last ten years.
The authority urges residents to save water.
It was −5 °C in the morning but rose to 3 °C in the afternoon.
The train from Uppsala was 20 minutes late.
See you on Monday at 9:30 in the conference room.
Can you send me the report before Friday?
I don't understand what you mean.
It's raining outside, so take an umbrella.
The children play football in the schoolyard every day.
The book is about a family that moves to the countryside.
She read the newspaper while he cooked dinner.
We went to the mountains in February and went skiing.
The lake froze over already in December.
The shop is open between 10 and 18 on weekdays.
A ticket costs $12 for adults and $6 for children.
Here are some questions and answers about the new law.
Read more on our website: www.example.com/news.
Contact us by email: info@example.com.
According to the report (page 14), emissions fell by 3%.
He said: “This is only the beginning.”
What does it cost? About €99.
Choose one of the following options: yes, no or maybe.
The town has become known for its tea, its mountains and its rivers.
Farmers grow rice, maize and vegetables on the terraces.
Tourists come mainly from Sweden, Norway and Denmark.
The exhibition shows art from the 19th century.
Once upon a time there was a little girl who lived in the forest.
Nobody knew where the key was.
Tomorrow will be sunny with a light wind from the west.
The king and the queen visited the city in June.
Parliament voted for the proposal by 175 votes to 150.
The police are investigating the incident and looking for witnesses.
The hospital needs more doctors and nurses.
The pupils are taking a maths test on Thursday.
The university offers Swedish courses for beginners.
The researchers published their results in an international journal.
The number of visitors grew from 1,200 to 3,400 a day.
The house was built in 1925 and renovated in 2019.
The road between the villages is 12 km long.
Thank you very much for your help!
Sorry, I'm a little late.
What time does the bus to the airport leave?
I would like a cup of coffee with milk, please.
Can I pay by card?
Where is the nearest pharmacy?
She speaks Swedish, English and a little French.
We need more time to finish the work.
It is important that everyone gets the same opportunities.
The city is investing in cycle paths and public transport.
Electricity prices rose sharply during the winter.
Exports to Germany and China grew quickly.
The bank raised the interest rate by 0.25 percentage points.
The conference brought together more than 500 participants from 40 countries.
More information can be found in Appendix 2.
Question: Who is responsible for the project? Answer: The board.
Please note that the office is closed on 24–26 December.
The doctor recommended rest, water and fresh air.
The old town is full of narrow alleys and small cafés.
Most Swedes celebrate Midsummer in the countryside.
In autumn the leaves fall and the days get shorter.
Birds fly south when it gets cold.
She won the race in a time of 2:14:35.
The team lost the match 1–2 after extra time.
Is it true that you have moved?
Write your name and address here.
The document was saved as report_final_v2.pdf.
One, two, three, four, five, six, seven, eight, nine, ten.
Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday
the, of, and, to, a, in, is, it, you, that, he, was, for, on, are, with, as, I, his, they
be, at, one, have, this, from, or, had, by, not, word, but, what, some, we, can, out, other
[en] [sv] (1) [2] {3} <4> #5 & 6 @ 7 * 8 + 9 = 10 / 11 | 12 ~ 13 ^ 14 _ 15 ' 16 " 17 ; 18
0 1 2 3 4 5 6 7 8 9 10 100 1000 2024 2025 50% 3,5 % 7.5% § ° ‰ … · • ← → « » ‘ ’ “ ” — – −
"""
